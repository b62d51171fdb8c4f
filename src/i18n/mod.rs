//! UI strings in Korean and English.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    /// 한국어 (the default).
    #[default]
    Ko,
    /// English.
    En,
}

impl Lang {
    /// The language code (`ko`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// The other language.
    pub fn toggled(self) -> Self {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// Picks the Korean or English text.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

/// A UI string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The Run button.
    Run,
    /// Engine starting.
    Starting,
    /// Engine ready.
    Ready,
    /// A query is running.
    Running,
    /// The name of the other language, on the toggle.
    OtherLanguage,
    /// Placeholder of the editor.
    EditorPlaceholder,
    /// Shown before any query ran.
    NoResultYet,
    /// The worker could not start.
    WorkerFailed,
}

/// The text of a UI string in a language.
pub fn t(lang: Lang, text: Text) -> &'static str {
    match text {
        Text::Run => lang.pick("실행", "Run"),
        Text::Starting => lang.pick("엔진을 준비하는 중…", "Starting the engine…"),
        Text::Ready => lang.pick("준비됨", "Ready"),
        Text::Running => lang.pick("실행 중…", "Running…"),
        Text::OtherLanguage => lang.pick("English", "한국어"),
        Text::EditorPlaceholder => lang.pick(
            "SQL을 입력하고 Ctrl+Enter로 실행하세요.",
            "Type SQL and press Ctrl+Enter to run it.",
        ),
        Text::NoResultYet => lang.pick(
            "쿼리를 실행하면 결과가 여기에 나옵니다.",
            "Run a query to see its result here.",
        ),
        Text::WorkerFailed => lang.pick(
            "엔진을 시작하지 못했습니다. 페이지를 새로고침하세요.",
            "The engine could not start. Reload the page.",
        ),
    }
}

/// "N rows" / "N행", with thousands separators.
pub fn rows_label(lang: Lang, n: usize) -> String {
    let n = thousands(n as i64);
    match lang {
        Lang::Ko => format!("{n}행"),
        Lang::En => format!("{n} row{}", if n == "1" { "" } else { "s" }),
    }
}

/// An integer with thousands separators.
pub fn thousands(n: i64) -> String {
    group_digits(&n.to_string())
}

/// Thousands separators in the integer part of a number's text
/// (`-12345.5` → `-12,345.5`); other text is returned as is.
pub fn group_digits(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !frac.is_none_or(digits) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(101520), "101,520");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(group_digits("-1234567.25"), "-1,234,567.25");
        assert_eq!(group_digits("NaN"), "NaN");
    }

    #[test]
    fn row_labels() {
        assert_eq!(rows_label(Lang::En, 1), "1 row");
        assert_eq!(rows_label(Lang::Ko, 1234), "1,234행");
    }
}
