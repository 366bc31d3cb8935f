//! Counting bytes of a file or text that meet a test, fast.
//!
//! `bytes.iter().filter(..).count()` adds one to a 64-bit counter per byte,
//! which compilers turn into vector code that handles two bytes a step.
//! Here each of 32 byte-wide counters ("lanes") counts every 32nd byte of a
//! stretch of up to 255 × 32 bytes (so no lane can overflow), and only then
//! are the lanes added up: the loop becomes 32 compares and adds a step.

/// Bytes each lane counter takes in turn.
const LANES: usize = 32;
/// Rounds of [`LANES`] bytes before the lanes are added up: a `u8` lane
/// holds at most 255.
const ROUNDS: usize = 255;

/// How many bytes of `bytes` pass `test`, which sees each byte and the byte
/// after it (0 after the last byte).
pub fn count_with_next(bytes: &[u8], test: impl Fn(u8, u8) -> bool) -> usize {
    // The lanes read `bytes[i + 1]` for every byte they count, so they stop
    // one byte short of the end; the rest is counted a byte at a time.
    let laned = bytes.len().saturating_sub(1) / LANES * LANES;
    let mut total = 0usize;
    let mut start = 0;
    while start < laned {
        let end = laned.min(start + LANES * ROUNDS);
        let mut lanes = [0u8; LANES];
        let mut at = start;
        while at < end {
            let block = &bytes[at..at + LANES];
            let next = &bytes[at + 1..at + LANES + 1];
            for ((lane, &b), &n) in lanes.iter_mut().zip(block).zip(next) {
                *lane += u8::from(test(b, n));
            }
            at += LANES;
        }
        total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
        start = end;
    }
    for (i, &b) in bytes.iter().enumerate().skip(laned) {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        total += usize::from(test(b, next));
    }
    total
}

/// How many bytes of `bytes` pass `test`.
pub fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    count_with_next(bytes, |b, _| test(b))
}

/// How many times `byte` occurs in `bytes`.
pub fn count_byte(bytes: &[u8], byte: u8) -> usize {
    count_bytes(bytes, |b| b == byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so that a failure can
    /// be replayed.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn counts_equal_the_simple_count_on_random_bytes() {
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            // Lengths around the lane and round boundaries, and long ones
            // where a lane would overflow if it were not emptied in time.
            let len = match round % 4 {
                0 => (random.next() % 70) as usize,
                1 => LANES * ROUNDS + (random.next() % 70) as usize - 35,
                2 => (random.next() % 40_000) as usize,
                _ => (random.next() % 3 * LANES as u64) as usize,
            };
            // Few distinct values, so that every test passes often.
            let alphabet = 1 + random.next() % 256;
            let bytes: Vec<u8> = (0..len)
                .map(|_| (random.next() % alphabet) as u8 ^ 0xC2)
                .collect();
            for byte in [0u8, b'\n', 0xC2, 0x80] {
                let simple = bytes.iter().filter(|&&b| b == byte).count();
                assert_eq!(count_byte(&bytes, byte), simple, "{len} {byte}");
            }
            let starts = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            assert_eq!(count_bytes(&bytes, |b| b & 0xC0 != 0x80), starts);
            let pair = |b: u8, n: u8| b == 0xC2 && (0x80..=0x9F).contains(&n);
            let mut padded = bytes.clone();
            padded.push(0);
            let pairs = padded.windows(2).filter(|w| pair(w[0], w[1])).count();
            assert_eq!(count_with_next(&bytes, pair), pairs, "{len}");
        }
    }

    #[test]
    fn a_byte_in_every_place_is_counted_once() {
        let bytes = vec![b'\n'; 3 * LANES * ROUNDS + 7];
        assert_eq!(count_byte(&bytes, b'\n'), bytes.len());
        assert_eq!(count_byte(&[], b'\n'), 0);
        assert_eq!(count_with_next(&[0xC2], |b, n| b == 0xC2 && n == 0), 1);
    }
}
