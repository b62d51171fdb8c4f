//! ETL source files of the virtual bucket: names and genders, country facts,
//! a Seoul weather forecast and daily stock prices. Small, plausible and
//! generated from the seed (names are drawn from fixed pools of real first
//! names; countries are invented).
//!
//! Fixed reference dates: the weather forecast covers the 8 days from
//! 2023-08-01 (Seoul's August: daily mean about 27 °C, lows about 23-25 °C,
//! highs about 30-33 °C); the stock prices cover the 21 trading days of
//! August 2023 starting 2023-08-01 (no US market holiday in that span).

use chrono::{Datelike, Weekday};

use super::calendar::date;
use super::rng::{Rng, Stream};
use super::SourceFile;

/// Ticker of the one stock in `stock_prices.csv` (invented).
pub const STOCK_TICKER: &str = "TBHS";

/// Female first names starting with "A", 4-10 letters.
const FEMALE: [&str; 84] = [
    "Abigail",
    "Adela",
    "Adelaide",
    "Adeline",
    "Adelina",
    "Adriana",
    "Adrienne",
    "Agatha",
    "Agnes",
    "Aida",
    "Aileen",
    "Aimee",
    "Aisha",
    "Alana",
    "Alba",
    "Alberta",
    "Alejandra",
    "Alessandra",
    "Alexa",
    "Alexandra",
    "Alexia",
    "Alice",
    "Alicia",
    "Alina",
    "Alisha",
    "Alison",
    "Allison",
    "Alma",
    "Alondra",
    "Althea",
    "Alyssa",
    "Amalia",
    "Amanda",
    "Amaya",
    "Amber",
    "Amelia",
    "Amelie",
    "Amina",
    "Amira",
    "Anabel",
    "Anastasia",
    "Andrea",
    "Angela",
    "Angelica",
    "Angelina",
    "Anita",
    "Anna",
    "Annabelle",
    "Anne",
    "Annette",
    "Annie",
    "Annika",
    "Antonia",
    "Anya",
    "April",
    "Arabella",
    "Araceli",
    "Aria",
    "Ariadne",
    "Ariana",
    "Arianna",
    "Arlene",
    "Ashley",
    "Ashlyn",
    "Astrid",
    "Athena",
    "Audrey",
    "Augusta",
    "Aurora",
    "Autumn",
    "Ayla",
    "Aylin",
    "Azalea",
    "Aziza",
    "Adaline",
    "Antoinette",
    "Aleksandra",
    "Agnieszka",
    "Arya",
    "Asha",
    "Alena",
    "Alyson",
    "Annalise",
    "Aleah",
];

/// Male first names starting with "A", 4-10 letters.
const MALE: [&str; 46] = [
    "Aaron",
    "Abdul",
    "Abel",
    "Abraham",
    "Abram",
    "Adam",
    "Aidan",
    "Alan",
    "Albert",
    "Alberto",
    "Aldo",
    "Alec",
    "Alejandro",
    "Alexander",
    "Alfonso",
    "Alfred",
    "Alfredo",
    "Alistair",
    "Allen",
    "Alonzo",
    "Alvaro",
    "Alvin",
    "Ambrose",
    "Amir",
    "Amos",
    "Anders",
    "Anderson",
    "Andre",
    "Andres",
    "Andrew",
    "Angelo",
    "Anthony",
    "Anton",
    "Antonio",
    "Archer",
    "Archie",
    "Armando",
    "Arnold",
    "Arthur",
    "Arturo",
    "August",
    "Austin",
    "Axel",
    "Ahmed",
    "Adrian",
    "Arlo",
];

/// First names starting with "A" given to girls and boys alike, 4-10 letters.
const UNISEX: [&str; 12] = [
    "Alexis", "Ariel", "Avery", "Aubrey", "Addison", "Angel", "Arden", "Ainsley", "Alex", "Amari",
    "Ashton", "Aspen",
];

/// Rows of `name_gender.csv` per gender.
const GENDER_COUNTS: [(&str, usize); 3] = [("F", 65), ("M", 28), ("Unisex", 7)];

/// Countries in `countries.json`.
const COUNTRIES: usize = 250;

/// Generates the source files for `seed`.
pub(crate) fn generate(seed: u64) -> Vec<SourceFile> {
    let mut rng = Rng::new(seed, Stream::Sources);
    vec![
        SourceFile {
            name: "name_gender.csv",
            media_type: "text/csv",
            bytes: name_gender(&mut rng).into_bytes(),
        },
        SourceFile {
            name: "countries.json",
            media_type: "application/json",
            bytes: countries(&mut rng).into_bytes(),
        },
        SourceFile {
            name: "seoul_weather.json",
            media_type: "application/json",
            bytes: seoul_weather(&mut rng).into_bytes(),
        },
        SourceFile {
            name: "stock_prices.csv",
            media_type: "text/csv",
            bytes: stock_prices(&mut rng).into_bytes(),
        },
    ]
}

/// `name,gender` with 100 rows in random order.
fn name_gender(rng: &mut Rng) -> String {
    let pools: [&[&str]; 3] = [&FEMALE, &MALE, &UNISEX];
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for (pool, &(gender, count)) in pools.iter().zip(&GENDER_COUNTS) {
        let mut names = pool.to_vec();
        rng.shuffle(&mut names);
        rows.extend(names.into_iter().take(count).map(|n| (n, gender)));
    }
    rng.shuffle(&mut rows);
    let mut out = String::from("name,gender\n");
    for (name, gender) in rows {
        out.push_str(&format!("{name},{gender}\n"));
    }
    out
}

/// `n` tenths as a decimal number with one fractional digit.
fn tenths(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{}", n.abs() / 10, n.abs() % 10)
}

/// An invented country name: one or two syllables and a suffix.
fn country_name(rng: &mut Rng) -> String {
    const STARTS: [&str; 24] = [
        "Al", "Bel", "Cor", "Dal", "El", "Fen", "Gal", "Hal", "Is", "Kar", "Lor", "Mar", "Nor",
        "Os", "Pel", "Quen", "Ros", "Sal", "Tor", "Ul", "Val", "Wes", "Zan", "Ber",
    ];
    const MIDDLES: [&str; 16] = [
        "", "", "", "", "a", "e", "o", "i", "an", "en", "or", "ar", "ad", "em", "il", "un",
    ];
    const ENDS: [&str; 18] = [
        "ia", "land", "stan", "ora", "ica", "ania", "esh", "ovia", "ar", "ea", "ique", "gard",
        "mark", "burg", "avia", "onia", "eth", "is",
    ];
    let is_vowel = |c: Option<char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    let start = STARTS[rng.index(STARTS.len())];
    let mut middle = MIDDLES[rng.index(MIDDLES.len())];
    let end = ENDS[rng.index(ENDS.len())];
    if is_vowel(middle.chars().last()) && is_vowel(end.chars().next()) {
        middle = "";
    }
    format!("{start}{middle}{end}")
}

/// About 250 invented countries with official names, populations (from
/// about a thousand to over a billion) and areas (km², one decimal).
fn countries(rng: &mut Rng) -> String {
    const FORMS: [&str; 14] = [
        "Republic of ",
        "Republic of ",
        "Republic of ",
        "Kingdom of ",
        "Federal Republic of ",
        "Democratic Republic of ",
        "United Republic of ",
        "Commonwealth of ",
        "Principality of ",
        "Grand Duchy of ",
        "State of ",
        "Union of ",
        "Sultanate of ",
        "",
    ];
    let mut names: Vec<String> = Vec::new();
    while names.len() < COUNTRIES {
        let name = country_name(rng);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.sort();
    let mut out = String::from("[\n");
    for (i, name) in names.iter().enumerate() {
        let exponent = [0u32, 1, 2, 3, 4, 5, 6][rng.weighted(&[3, 8, 15, 30, 32, 10, 2])];
        let scale = 10u64.pow(exponent);
        let population = (1000 + rng.below(9000)) * scale + rng.below(scale);
        let density = 2 + rng.below(60) * (1 + rng.below(10));
        let area_tenths = (population * 10 / density).max(4);
        let form = FORMS[rng.index(FORMS.len())];
        let sep = if i + 1 == names.len() { "" } else { "," };
        out.push_str(&format!(
            "  {{\"name\": {{\"common\": \"{name}\", \"official\": \"{form}{name}\"}}, \"population\": {population}, \"area\": {}}}{sep}\n",
            tenths(area_tenths as i64)
        ));
    }
    out.push_str("]\n");
    out
}

/// An 8-day Seoul forecast from 2023-08-01 in °C: day temperature, minimum
/// and maximum. Staged the way Redshift's `COPY ... FORMAT AS JSON 'auto'`
/// reads it: one JSON object per line, one line per day.
fn seoul_weather(rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut temp: i64 = 265 + rng.between(-10, 10);
    for d in 0..8u32 {
        temp = (temp + 265) / 2 + rng.between(-15, 15);
        let min = temp - rng.between(20, 40);
        let max = temp + rng.between(25, 45);
        let day = date(2023, 8, 1, d);
        out.push_str(&format!(
            "{{\"date\": \"{day}\", \"temp\": {}, \"min\": {}, \"max\": {}}}\n",
            tenths(temp),
            tenths(min),
            tenths(max)
        ));
    }
    out
}

/// Dollars with two decimals from cents.
fn dollars(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Daily prices of [`STOCK_TICKER`] for 21 trading days from 2023-08-01.
fn stock_prices(rng: &mut Rng) -> String {
    let mut out = String::from("date,open,high,low,close,volume\n");
    let mut close: i64 = 15_000 + rng.between(0, 5_000);
    let mut offset = 0;
    let mut days = 0;
    while days < 21 {
        let day = date(2023, 8, 1, offset);
        offset += 1;
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        days += 1;
        let open = close + close * rng.between(-80, 80) / 10_000;
        close = open + open * rng.between(-220, 220) / 10_000;
        let high = open.max(close) + open.max(close) * rng.between(0, 120) / 10_000;
        let low = open.min(close) - open.min(close) * rng.between(0, 120) / 10_000;
        let volume = 35_000_000 + rng.below(45_000_000);
        out.push_str(&format!(
            "{day},{},{},{},{},{volume}\n",
            dollars(open),
            dollars(high),
            dollars(low),
            dollars(close)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{FEMALE, GENDER_COUNTS, MALE, UNISEX};

    #[test]
    fn name_pools_are_valid_and_large_enough() {
        let pools: [&[&str]; 3] = [&FEMALE, &MALE, &UNISEX];
        let mut all: Vec<&str> = pools.iter().flat_map(|p| p.iter().copied()).collect();
        for name in &all {
            assert!(name.starts_with('A'), "{name}");
            assert!((4..=10).contains(&name.len()), "{name}");
            assert!(name.chars().all(|c| c.is_ascii_alphabetic()), "{name}");
        }
        let total = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), total, "names are unique across pools");
        for (pool, &(_, count)) in pools.iter().zip(&GENDER_COUNTS) {
            assert!(pool.len() >= count);
        }
    }
}
