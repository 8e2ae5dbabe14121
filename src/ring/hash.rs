//! Key and node hash functions, pluggable per router.
//!
//! Every function here is specified byte for byte (no `DefaultHasher`, no per-process random
//! keys), so a router gives the same answers on every platform, Rust version and run.
//! 32-bit functions return their value zero-extended; [`HashKind::bits`] tells routers how
//! wide the hash space is (a ring built on FNV-1a 32 lives on a circle of 2^32 positions).

use serde::Serialize;

/// The hash function a router applies to keys and node names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum HashKind {
    /// FNV-1a, 64-bit. Its last input bytes barely reach the top bits, so sequential labels
    /// (`node-1#0`, `node-1#1`, ...) cluster on a ring: balance suffers (see the README).
    #[value(name = "fnv1a-64")]
    #[serde(rename = "fnv1a-64")]
    Fnv1a64,
    /// FNV-1a, 32-bit: the classic 2^32 ring of the seed article and many Go libraries,
    /// with the same weakness on sequential labels as the 64-bit variant.
    #[value(name = "fnv1a-32")]
    #[serde(rename = "fnv1a-32")]
    Fnv1a32,
    /// xxHash XXH3, 64-bit (seed 0): well mixed and the fastest; the default.
    #[default]
    Xxh3,
    /// MD5, first 8 digest bytes little-endian: ketama compatibility, slow.
    Md5,
    /// CRC-32 (IEEE): fast but weakly spread on structured keys.
    Crc32,
    /// MurmurHash3 x64_128 (seed 0), first 64-bit half: what Guava and Cassandra use.
    Murmur3,
}

impl HashKind {
    /// The CLI and JSON name (`fnv1a-64`, `xxh3`, ...).
    pub fn name(self) -> &'static str {
        match self {
            HashKind::Fnv1a64 => "fnv1a-64",
            HashKind::Fnv1a32 => "fnv1a-32",
            HashKind::Xxh3 => "xxh3",
            HashKind::Md5 => "md5",
            HashKind::Crc32 => "crc32",
            HashKind::Murmur3 => "murmur3",
        }
    }

    /// Width of the hash space in bits: 32 or 64.
    pub fn bits(self) -> u32 {
        match self {
            HashKind::Fnv1a32 | HashKind::Crc32 => 32,
            _ => 64,
        }
    }

    /// Hashes `bytes`; 32-bit functions are zero-extended.
    #[inline]
    pub fn hash(self, bytes: &[u8]) -> u64 {
        match self {
            HashKind::Fnv1a64 => fnv1a_64(bytes),
            HashKind::Fnv1a32 => u64::from(fnv1a_32(bytes)),
            HashKind::Xxh3 => xxhash_rust::xxh3::xxh3_64(bytes),
            HashKind::Md5 => {
                use md5::Digest as _;
                let digest = md5::Md5::digest(bytes);
                let mut first = [0u8; 8];
                first.copy_from_slice(&digest[..8]);
                u64::from_le_bytes(first)
            }
            HashKind::Crc32 => u64::from(crc32fast::hash(bytes)),
            HashKind::Murmur3 => murmur3_x64_128(bytes, 0).0,
        }
    }
}

impl std::fmt::Display for HashKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// FNV-1a 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
#[inline]
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// FNV-1a 32-bit (offset basis 0x811c9dc5, prime 0x01000193).
#[inline]
pub fn fnv1a_32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A strong 64-bit finaliser (MurmurHash3's fmix64): every input bit affects every output
/// bit. Routers use it to derive independent values from one key hash (probes, rendezvous
/// scores, Maglev offsets) without hashing the key again.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// MurmurHash3 x64_128 of `bytes` with `seed`, as the pair (h1, h2) of the reference code.
pub fn murmur3_x64_128(bytes: &[u8], seed: u64) -> (u64, u64) {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let (mut h1, mut h2) = (seed, seed);
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        let (k1, k2) = block.split_at(8);
        let mut k1 = u64::from_le_bytes(k1.try_into().unwrap_or([0; 8]));
        let mut k2 = u64::from_le_bytes(k2.try_into().unwrap_or([0; 8]));
        k1 = k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 ^= k1;
        h1 = h1.rotate_left(27).wrapping_add(h2).wrapping_mul(5).wrapping_add(0x52dc_e729);
        k2 = k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 ^= k2;
        h2 = h2.rotate_left(31).wrapping_add(h1).wrapping_mul(5).wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    let (mut k1, mut k2) = (0u64, 0u64);
    for (i, &b) in tail.iter().enumerate() {
        if i < 8 {
            k1 |= u64::from(b) << (8 * i);
        } else {
            k2 |= u64::from(b) << (8 * (i - 8));
        }
    }
    if tail.len() > 8 {
        h2 ^= k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
    }
    if !tail.is_empty() {
        h1 ^= k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    }
    let len = bytes.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = mix64(h1);
    h2 = mix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_published_test_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a_32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a_32(b"foobar"), 0xbf9c_f968);
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fnv1a_64_agrees_with_the_fnv_crate() {
        use std::hash::Hasher as _;
        for key in [&b""[..], b"user:1001", b"node-3#149", &[0xff; 37]] {
            let mut h = fnv::FnvHasher::default();
            h.write(key);
            assert_eq!(fnv1a_64(key), h.finish());
        }
    }

    #[test]
    fn murmur3_matches_reference_values() {
        // Reference MurmurHash3_x64_128 outputs (seed 0), as printed by the C++ implementation.
        assert_eq!(murmur3_x64_128(b"", 0), (0, 0));
        assert_eq!(
            murmur3_x64_128(b"The quick brown fox jumps over the lazy dog", 0),
            (0xe34b_bc7b_bc07_1b6c, 0x7a43_3ca9_c49a_9347)
        );
        // Every tail length takes its own branch.
        let long = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let distinct: std::collections::HashSet<_> =
            (0..=long.len()).map(|n| murmur3_x64_128(&long[..n], 0)).collect();
        assert_eq!(distinct.len(), long.len() + 1);
    }

    #[test]
    fn murmur3_agrees_with_the_murmur3_crate() {
        let long = b"0123456789abcdefghijklmnopqrstuvwxyz0123456789";
        for n in 0..=long.len() {
            let ours = murmur3_x64_128(&long[..n], 0);
            let theirs = murmur3::murmur3_x64_128(&mut std::io::Cursor::new(&long[..n]), 0).unwrap_or(0);
            assert_eq!((u128::from(ours.1) << 64) | u128::from(ours.0), theirs, "length {n}");
        }
    }

    #[test]
    fn every_kind_is_deterministic_and_within_its_width() {
        for kind in <HashKind as clap::ValueEnum>::value_variants() {
            let a = kind.hash(b"key:1:12345");
            assert_eq!(a, kind.hash(b"key:1:12345"), "{kind}");
            assert_ne!(a, kind.hash(b"key:1:12346"), "{kind}");
            if kind.bits() == 32 {
                assert!(a <= u64::from(u32::MAX), "{kind}");
            }
        }
    }

    #[test]
    fn pinned_values_never_change() {
        // Routers persist nothing, but users compare runs across versions: these must not move.
        assert_eq!(HashKind::Xxh3.hash(b"user:1001"), xxhash_rust::xxh3::xxh3_64(b"user:1001"));
        assert_eq!(HashKind::Crc32.hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            HashKind::Md5.hash(b""),
            u64::from_le_bytes([0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04])
        );
    }

    #[test]
    fn mix64_is_a_bijection_on_samples_and_spreads_bits() {
        assert_eq!(mix64(0), 0);
        let a = mix64(1);
        let b = mix64(2);
        assert!((a ^ b).count_ones() > 16, "neighbouring inputs must differ in many bits");
    }
}
