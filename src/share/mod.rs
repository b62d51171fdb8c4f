//! Share links: a script (or a dashboard, as JSON) packed into a URL
//! fragment, `#sql=<payload>` or `#dash=<payload>`. The payload is a format
//! version character, then the zlib-deflated UTF-8 text in URL-safe base64
//! without padding. Decoding is bounded (a payload may not inflate beyond
//! [`MAX_INFLATED_BYTES`]) and returns errors, never panics: a fragment is
//! whatever someone pasted.

use std::fmt;

use base64::engine::{general_purpose::URL_SAFE_NO_PAD, Engine as _};
use miniz_oxide::inflate::TINFLStatus;
use serde::{de::DeserializeOwned, Serialize};

use crate::engine::error::Message;

/// The fragment kind of a shared script.
pub const SQL_KIND: &str = "sql";

/// The fragment kind of a shared dashboard.
pub const DASHBOARD_KIND: &str = "dash";

/// The format this version writes: the payload's first character.
pub const FORMAT_VERSION: char = '1';

/// The most a payload may inflate to.
pub const MAX_INFLATED_BYTES: usize = 4 * 1024 * 1024;

/// The longest payload read (browsers keep URLs to about 2 MB anyway).
pub const MAX_PAYLOAD_CHARS: usize = 2 * 1024 * 1024;

/// Deflate level: the best compression (payloads are small).
const LEVEL: u8 = 9;

/// Why a fragment could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not `#<kind>=...` of the kind asked for.
    WrongKind {
        /// The kind asked for.
        expected: String,
    },
    /// A format version this version does not read (a newer link).
    UnknownVersion(String),
    /// The payload is not base64, deflate, UTF-8 or the expected JSON.
    Damaged(String),
    /// The payload or its content is larger than the limits.
    TooLarge,
}

impl ShareError {
    /// What went wrong, for the learner.
    pub fn message(&self) -> Message {
        match self {
            ShareError::WrongKind { expected } => Message::new(
                format!("공유 링크가 아닙니다 (#{expected}=... 형식이어야 합니다)."),
                format!("This is not a share link (expected #{expected}=...)."),
            ),
            ShareError::UnknownVersion(version) => Message::new(
                format!("더 새로운 버전(형식 {version})에서 만든 링크라 열 수 없습니다. 페이지를 새로 고쳐 보세요."),
                format!("The link was made by a newer version (format {version}); try reloading the page."),
            ),
            ShareError::Damaged(detail) => Message::new(
                format!("공유 링크가 손상되었습니다 ({detail}). 링크 전체를 복사했는지 확인하세요."),
                format!("The share link is damaged ({detail}); check that the whole link was copied."),
            ),
            ShareError::TooLarge => Message::new(
                format!("공유하기에 너무 큽니다 ({} MB까지).", MAX_INFLATED_BYTES / (1024 * 1024)),
                format!("Too large to share (up to {} MB).", MAX_INFLATED_BYTES / (1024 * 1024)),
            ),
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for ShareError {}

/// The fragment of a shared script: `#sql=<payload>`.
pub fn encode_sql(sql: &str) -> Result<String, ShareError> {
    encode(SQL_KIND, sql.as_bytes())
}

/// The script of a `#sql=...` fragment (the leading `#` is optional).
pub fn decode_sql(fragment: &str) -> Result<String, ShareError> {
    let bytes = decode(SQL_KIND, fragment)?;
    String::from_utf8(bytes).map_err(|_| ShareError::Damaged("not UTF-8 text".to_owned()))
}

/// The fragment of a value shared as JSON under `kind` (e.g. `dash`).
pub fn encode_json<T: Serialize>(kind: &str, value: &T) -> Result<String, ShareError> {
    let json = serde_json::to_vec(value).map_err(|e| ShareError::Damaged(e.to_string()))?;
    encode(kind, &json)
}

/// The value of a `#<kind>=...` fragment written by [`encode_json`].
pub fn decode_json<T: DeserializeOwned>(kind: &str, fragment: &str) -> Result<T, ShareError> {
    let bytes = decode(kind, fragment)?;
    serde_json::from_slice(&bytes).map_err(|e| ShareError::Damaged(e.to_string()))
}

/// The kind of a fragment (`sql`, `dash`...), so the page knows which
/// decoder to call; None when it is not `#<kind>=...`.
pub fn fragment_kind(fragment: &str) -> Option<&str> {
    let (kind, _) = split(fragment)?;
    Some(kind)
}

fn split(fragment: &str) -> Option<(&str, &str)> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (kind, payload) = fragment.split_once('=')?;
    (!kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase())).then_some((kind, payload))
}

fn encode(kind: &str, bytes: &[u8]) -> Result<String, ShareError> {
    if bytes.len() > MAX_INFLATED_BYTES {
        return Err(ShareError::TooLarge);
    }
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(bytes, LEVEL);
    let fragment = format!(
        "#{kind}={FORMAT_VERSION}{}",
        URL_SAFE_NO_PAD.encode(deflated)
    );
    if fragment.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge);
    }
    Ok(fragment)
}

fn decode(kind: &str, fragment: &str) -> Result<Vec<u8>, ShareError> {
    let wrong_kind = || ShareError::WrongKind {
        expected: kind.to_owned(),
    };
    let (found, payload) = split(fragment).ok_or_else(wrong_kind)?;
    if found != kind {
        return Err(wrong_kind());
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge);
    }
    let mut chars = payload.chars();
    match chars.next() {
        Some(FORMAT_VERSION) => {}
        Some(other) => return Err(ShareError::UnknownVersion(other.to_string())),
        None => return Err(ShareError::Damaged("empty".to_owned())),
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(chars.as_str())
        .map_err(|e| ShareError::Damaged(e.to_string()))?;
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&deflated, MAX_INFLATED_BYTES).map_err(
        |e| match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Damaged(e.to_string()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_text_round_trips() {
        let sql = "-- 채널별 세션 수\nSELECT channel, COUNT(*) AS \"세션 수\"\nFROM raw_data.user_session_channel\nGROUP BY 1;";
        let fragment = encode_sql(sql).expect("encoded");
        assert!(fragment.starts_with("#sql=1"));
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"#=-_".contains(&b)));
        assert_eq!(decode_sql(&fragment), Ok(sql.to_owned()));
        assert_eq!(decode_sql(&fragment[1..]), Ok(sql.to_owned()));
        assert_eq!(fragment_kind(&fragment), Some("sql"));
    }

    #[test]
    fn a_50_kb_script_round_trips_and_shrinks() {
        let sql: String = (0..1000)
            .map(|i| {
                format!(
                    "INSERT INTO adhoc.t VALUES ({i}, '사용자{}', {});\n",
                    i * 7919 % 1000,
                    i * i
                )
            })
            .collect();
        assert!(sql.len() > 50_000);
        let fragment = encode_sql(&sql).expect("encoded");
        assert!(fragment.len() < sql.len() / 2, "{}", fragment.len());
        assert_eq!(decode_sql(&fragment), Ok(sql));
    }

    #[test]
    fn dashboards_round_trip_as_json() {
        #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
        struct Dashboard {
            title: String,
            queries: Vec<String>,
        }
        let dashboard = Dashboard {
            title: "매출".to_owned(),
            queries: vec!["SELECT 1".to_owned()],
        };
        let fragment = encode_json(DASHBOARD_KIND, &dashboard).expect("encoded");
        assert!(fragment.starts_with("#dash=1"));
        assert_eq!(decode_json(DASHBOARD_KIND, &fragment), Ok(dashboard));
        assert_eq!(
            decode_sql(&fragment),
            Err(ShareError::WrongKind {
                expected: "sql".to_owned()
            })
        );
        let error = decode_json::<Vec<u8>>(DASHBOARD_KIND, &fragment).expect_err("not a list");
        assert!(matches!(error, ShareError::Damaged(_)));
    }

    #[test]
    fn garbage_is_an_error() {
        let hello = encode_sql("hello").expect("encoded");
        let truncated = &hello[..hello.len() - 3];
        for fragment in [
            "",
            "#",
            "#sql",
            "#sql=",
            "#sql=1",
            "#sql=1!!!",
            "#sql=1AAAA",
            "#SQL=1eJ",
            "#=1eJ",
            truncated,
        ] {
            assert!(decode_sql(fragment).is_err(), "{fragment}");
        }
        let newer = hello.replacen("=1", "=2", 1);
        assert_eq!(
            decode_sql(&newer),
            Err(ShareError::UnknownVersion("2".to_owned()))
        );
        let invalid_utf8 = encode(SQL_KIND, b"\xff\xfe").expect("encoded");
        assert_eq!(
            decode_sql(&invalid_utf8),
            Err(ShareError::Damaged("not UTF-8 text".to_owned()))
        );
    }

    #[test]
    fn random_payloads_never_panic() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut seed: u64 = 7;
        for _ in 0..2000 {
            let mut payload = String::from("#sql=1eJ");
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 58) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                payload.push(char::from(alphabet[(seed >> 58) as usize]));
            }
            let _ = decode_sql(&payload);
        }
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 64 * 1024 * 1024], LEVEL);
        let fragment = format!("#sql=1{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(fragment.len() < 200_000);
        assert_eq!(decode_sql(&fragment), Err(ShareError::TooLarge));
        assert_eq!(
            encode_sql(&" ".repeat(MAX_INFLATED_BYTES + 1)),
            Err(ShareError::TooLarge)
        );
    }
}
