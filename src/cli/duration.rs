//! Durations on the command line, one syntax for every tool: `10` (seconds), `1.5s`, `500ms`,
//! `250us`, `2m`, `1h`.

use std::time::Duration;

/// Parses a duration, zero included.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 1e-3,
        "us" | "µs" => 1e-6,
        "m" => 60.0,
        "h" => 3600.0,
        other => return Err(format!("unknown unit {other:?} in {s:?}: use h, m, s, ms or us")),
    };
    let value: f64 = number.parse().map_err(|_| format!("{s:?} is not a duration like 10s or 500ms"))?;
    Duration::try_from_secs_f64(value * scale).map_err(|_| format!("{s:?} is out of range"))
}

/// Parses a duration that must be longer than zero.
pub fn parse_positive_duration(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d.is_zero() { Err(format!("{s:?} must be a duration longer than 0")) } else { Ok(d) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_common_units() {
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("250us"), Ok(Duration::from_micros(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in ["", "abc", "10 parsecs", "-1s", "1e999s", "5d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_positive_duration("0s").is_err());
        assert_eq!(parse_positive_duration("2s"), Ok(Duration::from_secs(2)));
    }
}
