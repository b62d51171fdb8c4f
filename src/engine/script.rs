//! Splits a script into statements, with where each starts, and folds
//! unquoted identifiers to lower case (Redshift's rule) at the token level.

use sqlparser::{
    dialect::PostgreSqlDialect,
    tokenizer::{Token, TokenWithLocation, Tokenizer},
};

use super::error::EngineError;

/// The dialect we tokenize and parse with (Redshift is PostgreSQL-flavoured).
pub const DIALECT: PostgreSqlDialect = PostgreSqlDialect {};

/// One statement of a script: its tokens (identifiers folded) and source text.
#[derive(Debug, Clone)]
pub struct SourceStatement {
    /// The statement's text as the learner wrote it, without the `;`.
    pub text: String,
    /// 1-based line where the statement starts.
    pub line: usize,
    /// 1-based column where the statement starts.
    pub column: usize,
    /// Tokens with their positions in the whole script.
    pub tokens: Vec<TokenWithLocation>,
}

/// Tokenizes a script and splits it at top-level semicolons.
pub fn split(script: &str) -> Result<Vec<SourceStatement>, EngineError> {
    let tokens = Tokenizer::new(&DIALECT, script)
        .tokenize_with_location()
        .map_err(|e| EngineError::tokenizer(&e.message, e.location.line, e.location.column))?;
    let offsets = LineOffsets::new(script);
    let mut statements = Vec::new();
    let mut current: Vec<TokenWithLocation> = Vec::new();
    for token in tokens {
        match token.token {
            Token::SemiColon | Token::EOF => {
                let end = offsets.byte(script, &token);
                let tokens = std::mem::take(&mut current);
                statements.extend(finish(script, &offsets, tokens, end));
            }
            _ => current.push(fold(token)),
        }
    }
    statements.extend(finish(script, &offsets, current, script.len()));
    Ok(statements)
}

fn is_trivia(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_))
}

fn finish(
    script: &str,
    offsets: &LineOffsets,
    tokens: Vec<TokenWithLocation>,
    end: usize,
) -> Option<SourceStatement> {
    let first = tokens.iter().position(|t| !is_trivia(&t.token))?;
    let last = tokens.iter().rposition(|t| !is_trivia(&t.token))?;
    let start = offsets.byte(script, &tokens[first]);
    let text = script
        .get(start..end)
        .unwrap_or_default()
        .trim_end()
        .to_owned();
    let line = tokens[first].location.line as usize;
    let column = tokens[first].location.column as usize;
    Some(SourceStatement {
        text,
        line,
        column,
        tokens: tokens[first..=last].to_vec(),
    })
}

/// Unquoted words are case-insensitive: fold them to lower case. Redshift's
/// `MINUS` is read as its synonym `EXCEPT`.
fn fold(mut token: TokenWithLocation) -> TokenWithLocation {
    if let Token::Word(word) = &mut token.token {
        if word.quote_style.is_none() {
            word.value = word.value.to_lowercase();
            if word.value == "minus" {
                word.value = "except".to_owned();
                word.keyword = sqlparser::keywords::Keyword::EXCEPT;
            }
        }
    }
    token
}

/// Redshift's `CONVERT(type, value)` as `CAST(value AS type)`: the
/// PostgreSQL parser reads CONVERT's arguments the other way round.
pub fn convert_type_first(tokens: Vec<TokenWithLocation>) -> Vec<TokenWithLocation> {
    let is_convert = |t: &TokenWithLocation| matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value == "convert");
    if !tokens.iter().any(is_convert) {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if is_convert(&tokens[i]) {
            if let Some((cast, next)) = convert_call(&tokens, i) {
                out.extend(cast);
                i = next;
                continue;
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

/// The CAST tokens for the CONVERT call starting at `start`, and the index
/// after it; None when its first argument is not a type.
fn convert_call(
    tokens: &[TokenWithLocation],
    start: usize,
) -> Option<(Vec<TokenWithLocation>, usize)> {
    let significant = |from: usize| (from..tokens.len()).find(|&j| !is_trivia(&tokens[j].token));
    let open = significant(start + 1)?;
    if tokens[open].token != Token::LParen {
        return None;
    }
    let mut depth = 0usize;
    let mut comma = None;
    let mut close = None;
    for (j, token) in tokens.iter().enumerate().skip(open) {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            Token::Comma if depth == 1 && comma.is_none() => comma = Some(j),
            _ => {}
        }
    }
    let (comma, close) = (comma?, close?);
    let type_tokens: Vec<TokenWithLocation> = tokens[open + 1..comma].to_vec();
    let mut probe = type_tokens.clone();
    probe.push(TokenWithLocation::wrap(Token::EOF));
    let mut parser = sqlparser::parser::Parser::new(&DIALECT).with_tokens_with_locations(probe);
    parser.parse_data_type().ok()?;
    if parser.peek_token().token != Token::EOF {
        return None;
    }
    let location = tokens[start].location;
    let word = |text: &str| TokenWithLocation {
        token: Token::make_keyword(text),
        location,
    };
    let mut cast = vec![word("CAST"), tokens[open].clone()];
    cast.extend(tokens[comma + 1..close].iter().cloned());
    cast.push(TokenWithLocation {
        token: Token::Whitespace(sqlparser::tokenizer::Whitespace::Space),
        location,
    });
    cast.push(word("AS"));
    cast.push(TokenWithLocation {
        token: Token::Whitespace(sqlparser::tokenizer::Whitespace::Space),
        location,
    });
    cast.extend(type_tokens);
    cast.push(tokens[close].clone());
    Some((cast, close + 1))
}

/// Maps (line, column) positions back to byte offsets in the script.
struct LineOffsets {
    starts: Vec<usize>,
}

impl LineOffsets {
    fn new(script: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(script.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    fn byte(&self, script: &str, token: &TokenWithLocation) -> usize {
        let line = (token.location.line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(line) else {
            return script.len();
        };
        let column = (token.location.column as usize).saturating_sub(1);
        script[start..]
            .char_indices()
            .nth(column)
            .map(|(i, _)| start + i)
            .unwrap_or(script.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_with_their_lines() {
        let script = "SELECT 1;\n\n  SELECT 'a;b'\n  FROM T;\n";
        let statements = split(script).unwrap();
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].text, "SELECT 1");
        assert_eq!(statements[1].text, "SELECT 'a;b'\n  FROM T");
        assert_eq!((statements[1].line, statements[1].column), (3, 3));
    }

    #[test]
    fn folds_only_unquoted_identifiers() {
        let statements = split("SELECT USERID, \"Mixed\" FROM T").unwrap();
        let words: Vec<String> = statements[0]
            .tokens
            .iter()
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some(w.value.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(words, ["select", "userid", "Mixed", "from", "t"]);
    }

    #[test]
    fn empty_script_has_no_statements() {
        assert!(split("  ;; -- nothing\n").unwrap().is_empty());
    }

    #[test]
    fn korean_text_keeps_byte_boundaries() {
        let statements = split("SELECT '한글';SELECT 2").unwrap();
        assert_eq!(statements[0].text, "SELECT '한글'");
        assert_eq!(statements[1].text, "SELECT 2");
    }
}
