//! Exercises: the text blocks of `ko.md`/`en.md` and the `[[exercise]]`
//! entries of `exercises.toml`, checked and merged into [`Exercise`]s.

use serde::Deserialize;

use super::error::toml_problem;
use super::markdown::{render, render_inline};
use super::{
    Check, ColumnMatch, Exercise, ExerciseKind, ExerciseText, Feedback, RowOrder, Rules, SqlCheck,
    TableCheck, WrongCase,
};

/// Most hints an exercise may have.
const MAX_HINTS: usize = 3;

/// An ```exercise block of one language, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TextBlock {
    pub id: String,
    prompt: String,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    choices: Vec<String>,
}

/// `exercises.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExercisesFile {
    #[serde(default)]
    exercise: Vec<Spec>,
}

/// One `[[exercise]]` entry, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Spec {
    pub id: String,
    kind: ExerciseKind,
    #[serde(default)]
    starter: String,
    solution: Option<String>,
    setup: Option<String>,
    order: Option<RowOrder>,
    columns: Option<ColumnMatch>,
    tolerance: Option<f64>,
    table: Option<String>,
    runs: Option<u32>,
    batch: Option<String>,
    answer: Option<Vec<usize>>,
    #[serde(default)]
    wrong: Vec<WrongSpec>,
}

/// One `[[exercise.wrong]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrongSpec {
    sql: String,
    expect: Feedback,
}

/// Parses the TOML of an ```exercise block whose first TOML line is `line`.
pub(super) fn parse_text_block(toml: &str, line: usize) -> Result<TextBlock, String> {
    let block: TextBlock = toml::from_str(toml).map_err(|e| toml_problem(&e, toml, line))?;
    if block.prompt.trim().is_empty() {
        return Err(format!("exercise `{}` has an empty prompt", block.id));
    }
    Ok(block)
}

/// Parses `exercises.toml`.
pub(super) fn parse_specs(toml: &str) -> Result<Vec<Spec>, String> {
    let file: ExercisesFile = toml::from_str(toml).map_err(|e| toml_problem(&e, toml, 1))?;
    Ok(file.exercise)
}

/// Merges an entry of `exercises.toml` with its Korean and English blocks.
pub(super) fn build(spec: Spec, ko: TextBlock, en: TextBlock) -> Result<Exercise, String> {
    let id = spec.id.clone();
    let in_exercise = |problem: String| format!("exercise `{id}`: {problem}");
    if ko.hints.len() > MAX_HINTS || en.hints.len() > MAX_HINTS {
        return Err(in_exercise(format!("at most {MAX_HINTS} hints")));
    }
    if ko.hints.len() != en.hints.len() || ko.choices.len() != en.choices.len() {
        return Err(in_exercise(
            "ko.md and en.md have different numbers of hints or choices".into(),
        ));
    }
    let choices = ko.choices.len();
    let starter = spec.starter.clone();
    let wrong = spec
        .wrong
        .iter()
        .map(|w| WrongCase {
            sql: w.sql.clone(),
            expect: w.expect,
        })
        .collect();
    let check = check(spec, choices).map_err(in_exercise)?;
    Ok(Exercise {
        id: id.clone(),
        ko: text(ko).map_err(in_exercise)?,
        en: text(en).map_err(in_exercise)?,
        starter,
        check,
        wrong,
    })
}

/// Renders the text fields of a block.
fn text(block: TextBlock) -> Result<ExerciseText, String> {
    Ok(ExerciseText {
        prompt: render(&block.prompt)?,
        hints: block
            .hints
            .iter()
            .map(|hint| render(hint))
            .collect::<Result<_, _>>()?,
        explanation: render(&block.explanation)?,
        choices: block
            .choices
            .iter()
            .map(|choice| render_inline(choice))
            .collect::<Result<_, _>>()?,
    })
}

/// The check an entry describes, with every field that does not belong to
/// its kind refused. `choices` is how many choices the text offers.
fn check(spec: Spec, choices: usize) -> Result<Check, String> {
    let Spec {
        kind,
        starter,
        solution,
        setup,
        order,
        columns,
        tolerance,
        table,
        runs,
        batch,
        answer,
        wrong,
        ..
    } = spec;
    match kind {
        ExerciseKind::Result | ExerciseKind::State => {
            refuse(&[("answer", answer.is_some())], "result and state checks")?;
            if choices > 0 {
                return Err("`choices` belong to choice and order exercises".into());
            }
            let solution = solution.ok_or("`solution` is missing")?;
            let tolerance = tolerance.unwrap_or(0.0);
            if !(tolerance.is_finite() && tolerance >= 0.0) {
                return Err("`tolerance` must be a number >= 0".into());
            }
            let sql = SqlCheck {
                solution,
                setup,
                rules: Rules {
                    order: order.unwrap_or(RowOrder::Any),
                    columns: columns.unwrap_or(ColumnMatch::Name),
                    tolerance,
                },
            };
            if kind == ExerciseKind::Result {
                refuse(
                    &[
                        ("table", table.is_some()),
                        ("runs", runs.is_some()),
                        ("batch", batch.is_some()),
                    ],
                    "result checks",
                )?;
                return Ok(Check::Result(sql));
            }
            let runs = runs.unwrap_or(1);
            if runs == 0 {
                return Err("`runs` must be at least 1".into());
            }
            let name = table.ok_or("a state check needs `table`")?;
            Ok(Check::State {
                sql,
                table: TableCheck { name, runs, batch },
            })
        }
        ExerciseKind::Choice | ExerciseKind::Order => {
            refuse(
                &[
                    ("starter", !starter.is_empty()),
                    ("solution", solution.is_some()),
                    ("setup", setup.is_some()),
                    ("order", order.is_some()),
                    ("columns", columns.is_some()),
                    ("tolerance", tolerance.is_some()),
                    ("table", table.is_some()),
                    ("runs", runs.is_some()),
                    ("batch", batch.is_some()),
                    ("wrong", !wrong.is_empty()),
                ],
                "choice and order exercises",
            )?;
            let answer = answer.ok_or("`answer` is missing")?;
            if choices < 2 {
                return Err("a choice or order exercise needs at least 2 `choices`".into());
            }
            if let Some(index) = answer.iter().find(|&&index| index >= choices) {
                return Err(format!(
                    "`answer` names choice {index}, but there are {choices}"
                ));
            }
            let mut sorted = answer.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != answer.len() || answer.is_empty() {
                return Err("`answer` must list distinct choices, at least one".into());
            }
            if kind == ExerciseKind::Choice {
                return Ok(Check::Choice(sorted));
            }
            if answer.len() != choices {
                return Err("an order exercise's `answer` must list every choice once".into());
            }
            Ok(Check::Order(answer))
        }
    }
}

/// Refuses the fields that are set but do not belong to `what`.
fn refuse(fields: &[(&str, bool)], what: &str) -> Result<(), String> {
    match fields.iter().find(|(_, set)| *set) {
        Some((name, _)) => Err(format!("`{name}` does not apply to {what}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(toml: &str) -> TextBlock {
        parse_text_block(toml, 1).unwrap()
    }

    fn spec(toml: &str) -> Spec {
        parse_specs(toml).unwrap().remove(0)
    }

    fn build_one(spec_toml: &str, text_toml: &str) -> Result<Exercise, String> {
        build(spec(spec_toml), block(text_toml), block(text_toml))
    }

    #[test]
    fn result_check_defaults() {
        let exercise = build_one(
            "[[exercise]]\nid = \"a\"\nkind = \"result\"\nsolution = \"SELECT 1\"\n[[exercise.wrong]]\nsql = \"SELECT 2\"\nexpect = \"wrong_rows\"\n",
            "id = \"a\"\nprompt = \"Do **it**.\"\nhints = [\"h\"]\n",
        )
        .unwrap();
        assert_eq!(exercise.kind(), ExerciseKind::Result);
        assert_eq!(exercise.ko.prompt, "<p>Do <strong>it</strong>.</p>");
        assert_eq!(exercise.wrong[0].expect, Feedback::WrongRows);
        let Check::Result(sql) = exercise.check else {
            panic!("result check expected")
        };
        assert_eq!(sql.rules, Rules::default());
    }

    #[test]
    fn order_and_choice_answers() {
        let text = "id = \"o\"\nprompt = \"p\"\nchoices = [\"a\", \"b\", \"c\"]\n";
        let order = build_one(
            "[[exercise]]\nid = \"o\"\nkind = \"order\"\nanswer = [2, 0, 1]\n",
            text,
        );
        assert_eq!(order.unwrap().check, Check::Order(vec![2, 0, 1]));
        let choice = build_one(
            "[[exercise]]\nid = \"o\"\nkind = \"choice\"\nanswer = [2, 0]\n",
            text,
        );
        assert_eq!(choice.unwrap().check, Check::Choice(vec![0, 2]));
        for answer in ["[0, 1]", "[0, 0, 1]", "[3, 0, 1]"] {
            let spec = format!("[[exercise]]\nid = \"o\"\nkind = \"order\"\nanswer = {answer}\n");
            assert!(build_one(&spec, text).is_err(), "{answer}");
        }
    }

    #[test]
    fn misplaced_fields_are_refused() {
        let text = "id = \"a\"\nprompt = \"p\"\n";
        assert!(build_one("[[exercise]]\nid = \"a\"\nkind = \"result\"\n", text).is_err());
        assert!(build_one(
            "[[exercise]]\nid = \"a\"\nkind = \"result\"\nsolution = \"S\"\ntable = \"t\"\n",
            text
        )
        .is_err());
        assert!(build_one(
            "[[exercise]]\nid = \"a\"\nkind = \"state\"\nsolution = \"S\"\n",
            text
        )
        .is_err());
        assert!(
            parse_specs("[[exercise]]\nid = \"a\"\nkind = \"result\"\nsolutoin = \"S\"\n").is_err()
        );
        assert!(parse_text_block(
            "id = \"a\"\nprompt = \"p\"\nhints = [\"1\", \"2\", \"3\", \"4\"]\n",
            1
        )
        .map(|b| build(
            spec("[[exercise]]\nid = \"a\"\nkind = \"result\"\nsolution = \"S\"\n"),
            b,
            block(text)
        ))
        .unwrap()
        .is_err());
    }
}
