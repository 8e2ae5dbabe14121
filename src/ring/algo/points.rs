//! Sorted positions on the hash circle, shared by the ring, bounded-load and multi-probe.
//!
//! Positions are deduplicated when built: when two positions collide, the one whose node
//! name sorts first keeps it and the other is skipped and counted, never overwritten. The
//! outcome depends only on the node set, not on the order nodes were added, so a router
//! changed by add/remove answers exactly like one built from scratch.
//!
//! Lookup is a successor search sped up by a prefix index (as groupcache does): the top `k`
//! bits of a hash select a bucket holding the range of positions that share them, so the
//! search runs over a handful of entries instead of the whole array.

/// At most this many positions (16.7 M, about 200 MB with the index).
pub(crate) const MAX_POINTS: usize = 1 << 24;

/// Sorted, deduplicated positions with their owners and a prefix index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Points {
    bits: u32,
    pos: Vec<u64>,
    owner: Vec<u32>,
    /// `index[b]` is the first position whose top bits are ≥ b; one extra entry at the end.
    index: Vec<u32>,
    shift: u32,
    collisions: u64,
}

impl Points {
    /// Builds from `(position, owner)` entries in a `bits`-wide space. `rank[owner]` orders
    /// owners for collisions (lower rank keeps the position).
    pub(crate) fn build(bits: u32, mut entries: Vec<(u64, u32)>, rank: &[u32]) -> Self {
        entries.sort_unstable_by_key(|&(pos, owner)| (pos, rank[owner as usize]));
        let before = entries.len();
        entries.dedup_by_key(|&mut (pos, _)| pos);
        let collisions = (before - entries.len()) as u64;
        let (pos, owner): (Vec<u64>, Vec<u32>) = entries.into_iter().unzip();

        // About two buckets per position keeps the scanned range at ~1 entry.
        let k = (usize::BITS - pos.len().max(1).leading_zeros()).clamp(1, bits.min(24));
        let shift = bits - k;
        let buckets = 1usize << k;
        let mut index = Vec::with_capacity(buckets + 1);
        let mut i = 0usize;
        for b in 0..buckets as u64 {
            while i < pos.len() && (pos[i] >> shift) < b {
                i += 1;
            }
            index.push(i as u32);
        }
        index.push(pos.len() as u32);
        Points { bits, pos, owner, index, shift, collisions }
    }

    /// Number of positions.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.pos.len()
    }

    /// Positions skipped because another node already held them.
    pub(crate) fn collisions(&self) -> u64 {
        self.collisions
    }

    /// The index of the first position clockwise from `h` (≥ h, wrapping to 0). `h` must be
    /// below 2^bits and the set non-empty.
    #[inline]
    pub(crate) fn successor(&self, h: u64) -> usize {
        let b = (h >> self.shift) as usize;
        let lo = self.index[b] as usize;
        let hi = self.index[b + 1] as usize;
        let i = lo + self.pos[lo..hi].partition_point(|&p| p < h);
        if i == self.pos.len() { 0 } else { i }
    }

    /// The owner of the position at `i`.
    #[inline]
    pub(crate) fn owner(&self, i: usize) -> u32 {
        self.owner[i]
    }

    /// The clockwise distance from `h` to the position at `i`, in the `bits`-wide space.
    #[inline]
    pub(crate) fn distance(&self, h: u64, i: usize) -> u64 {
        let d = self.pos[i].wrapping_sub(h);
        if self.bits == 64 { d } else { d & ((1u64 << self.bits) - 1) }
    }

    /// Each owner's exact fraction of the circle: the arcs that end at its positions.
    pub(crate) fn shares(&self, owners: usize) -> Vec<f64> {
        let mut shares = vec![0.0; owners];
        let Some(&last) = self.pos.last() else { return shares };
        let space = 2f64.powi(self.bits as i32);
        let mut prev = last;
        for (i, &p) in self.pos.iter().enumerate() {
            // The arc (prev, p]; the first arc wraps around the top of the space.
            let arc = if i == 0 { p as f64 + (space - prev as f64) } else { (p - prev) as f64 };
            shares[self.owner[i] as usize] += arc / space;
            prev = p;
        }
        shares
    }
}

/// Each node's rank in name order, for deterministic collision tie-breaks.
pub(crate) fn name_ranks(names: &[&str]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by_key(|&i| names[i]);
    let mut rank = vec![0u32; names.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_successor(pos: &[u64], h: u64) -> usize {
        pos.iter().position(|&p| p >= h).unwrap_or(0)
    }

    #[test]
    fn successor_matches_a_linear_scan_in_both_widths() {
        for bits in [32u32, 64] {
            let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
            let entries: Vec<(u64, u32)> =
                (0..1000u64).map(|i| (crate::ring::hash::mix64(i + 1) & mask, (i % 7) as u32)).collect();
            let points = Points::build(bits, entries, &[0, 1, 2, 3, 4, 5, 6]);
            for i in 0..5000u64 {
                let h = crate::ring::hash::mix64(i * 31 + 7) & mask;
                assert_eq!(points.successor(h), naive_successor(&points.pos, h), "bits {bits} h {h}");
            }
            // Exact hits and the extremes.
            for &p in points.pos.iter().take(50) {
                assert_eq!(points.pos[points.successor(p)], p);
            }
            assert_eq!(points.successor(0), 0);
            assert_eq!(points.successor(mask), naive_successor(&points.pos, mask));
        }
    }

    #[test]
    fn collisions_are_skipped_and_the_lower_ranked_owner_keeps_the_position() {
        // Owner 1 ranks before owner 0; both claim position 10.
        let rank = [1, 0];
        let points = Points::build(64, vec![(10, 0), (20, 0), (10, 1), (30, 1)], &rank);
        assert_eq!(points.len(), 3);
        assert_eq!(points.collisions(), 1);
        assert_eq!(points.owner(points.successor(5)), 1);
        // Insertion order does not matter.
        let again = Points::build(64, vec![(30, 1), (10, 1), (20, 0), (10, 0)], &rank);
        assert_eq!(again.pos, points.pos);
        assert_eq!(again.owner, points.owner);
    }

    #[test]
    fn shares_add_up_to_the_whole_circle() {
        let points = Points::build(32, vec![(0, 0), (1 << 31, 1), (3 << 30, 0)], &[0, 1]);
        let shares = points.shares(2);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Owner 1 holds the arc (0, 2^31]: exactly half.
        assert!((shares[1] - 0.5).abs() < 1e-12, "{shares:?}");
    }

    #[test]
    fn distance_wraps_in_the_hash_width() {
        let points = Points::build(32, vec![(5, 0)], &[0]);
        assert_eq!(points.distance(10, 0), (1u64 << 32) - 5);
        assert_eq!(points.distance(3, 0), 2);
    }
}
