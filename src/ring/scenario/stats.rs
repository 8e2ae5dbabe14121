//! Spread of per-node counts, and the noise floor any algorithm shows when keys are sampled.

use serde::Serialize;

/// How evenly counts spread over nodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Population standard deviation of the counts, in keys (the seed article's figure).
    pub stddev: f64,
    /// The same relative to the mean, in percent.
    pub stddev_pct: f64,
    /// Largest count over the mean.
    pub max_over_avg: f64,
    /// Smallest count over the mean.
    pub min_over_avg: f64,
}

/// The spread of `counts` (one per live node). Empty input gives all zeros.
pub fn spread(counts: &[u64]) -> Spread {
    if counts.is_empty() {
        return Spread { stddev: 0.0, stddev_pct: 0.0, max_over_avg: 0.0, min_over_avg: 0.0 };
    }
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<u64>() as f64 / n;
    let var = counts.iter().map(|&c| (c as f64 - mean).powi(2)).sum::<f64>() / n;
    let stddev = var.sqrt();
    let (min, max) = counts.iter().fold((u64::MAX, 0), |(lo, hi), &c| (lo.min(c), hi.max(c)));
    let ratio = |x: f64| if mean > 0.0 { x / mean } else { 0.0 };
    Spread {
        stddev,
        stddev_pct: 100.0 * ratio(stddev),
        max_over_avg: ratio(max as f64),
        min_over_avg: ratio(min as f64),
    }
}

/// The relative standard deviation (percent) of per-node counts that sampling `keys` keys
/// alone produces over `nodes` equal nodes: √((N−1)/K) ≈ √(N/K). A perfect algorithm
/// measured with K keys shows this much; less than this is luck, more is the algorithm.
pub fn sampling_floor_pct(nodes: usize, keys: u64) -> f64 {
    if keys == 0 || nodes == 0 {
        return 0.0;
    }
    100.0 * ((nodes as f64 - 1.0) / keys as f64).sqrt()
}

/// The relative standard deviation (percent) of exact shares (fractions of the hash space).
pub fn shares_stddev_pct(shares: &[f64]) -> f64 {
    if shares.is_empty() {
        return 0.0;
    }
    let n = shares.len() as f64;
    let mean = shares.iter().sum::<f64>() / n;
    let var = shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
    100.0 * var.sqrt() / mean
}

/// `part` as a percentage of `whole`.
pub fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_the_seed_articles_one_vnode_ring() {
        // The article's 1-vnode distribution over five nodes.
        let s = spread(&[32_014, 27_412, 18_805, 19_914, 1_855]);
        assert!((s.max_over_avg - 1.60).abs() < 0.01, "{s:?}");
        assert!((s.min_over_avg - 0.093).abs() < 0.001, "{s:?}");
        assert!((s.stddev - 10_295.1).abs() < 0.1, "{s:?}");
    }

    #[test]
    fn sampling_floor_matches_the_binomial_spread() {
        // K = 1e6 over N = 10: √(9/1e6) = 0.3 %.
        assert!((sampling_floor_pct(10, 1_000_000) - 0.3).abs() < 1e-9);
        assert_eq!(sampling_floor_pct(1, 100), 0.0);
    }

    #[test]
    fn shares_spread_is_zero_for_equal_shares() {
        assert_eq!(shares_stddev_pct(&[0.25; 4]), 0.0);
        assert!(shares_stddev_pct(&[0.2, 0.3, 0.5]) > 30.0);
    }
}
