//! A small, fast, non-cryptographic hasher for change detection (`Call::fingerprint`): the std SipHash
//! showed up in the core benchmark, and nothing here needs resistance to chosen inputs.

use std::hash::Hasher;

/// The Fx hash (rustc's): one rotate, xor and multiply per word.
#[derive(Default)]
pub(crate) struct Fx(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash one value with [`Fx`].
pub(crate) fn hash_of<T: std::hash::Hash + ?Sized>(v: &T) -> u64 {
    let mut h = Fx::default();
    v.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_strings_hash_differently() {
        assert_ne!(hash_of("8001"), hash_of("8002"));
        assert_ne!(hash_of(&("a", "bc")), hash_of(&("ab", "c")));
        assert_eq!(hash_of("same"), hash_of("same"));
    }
}
