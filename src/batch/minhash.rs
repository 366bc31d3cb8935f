//! MinHash signatures of texts and LSH banding: which reports of a batch are
//! worth comparing passage by passage, in time close to linear in the batch.
//!
//! A report's letters (punctuation, spaces and boilerplate already left out)
//! are cut into overlapping shingles of a few characters; the signature is
//! [`HASHES`] minima of the shingles' hashes, one per bin (one-permutation
//! hashing: each shingle is hashed once, its top bits choose the bin), with
//! empty bins filled from the next full one. The share of equal positions in
//! two signatures estimates the Jaccard similarity of the two shingle sets.
//!
//! LSH: the signature is cut into [`BANDS`] bands of [`ROWS`] values; two
//! reports become candidates when one band is equal in both. With 3 rows and
//! 42 bands a pair whose similarity is 0.3 is a candidate with probability
//! 0.68, one of 0.4 with 0.93, one of 0.5 with 0.996, one of 0.1 with 0.04.
//! A bucket of many reports (thousands of identical reports) pairs each with
//! its next few in the bucket only, and each report keeps at most a bounded
//! number of candidates, so the work stays linear whatever the batch holds.

/// Values in one signature.
pub const HASHES: usize = 128;
/// Values per band.
pub const ROWS: usize = 3;
/// Bands compared (the last `HASHES % ROWS` values are used only for the
/// estimate).
pub const BANDS: usize = HASHES / ROWS;

/// A report's MinHash signature.
pub type Signature = [u32; HASHES];

/// Shingles a text needs at least to be signed: a text shorter than this
/// has no passage worth comparing.
pub const MIN_SHINGLES: usize = 16;

/// The signature of the letters `letters` cut into shingles of `shingle`
/// characters (at least 1), or `None` when they make fewer than
/// [`MIN_SHINGLES`] shingles.
pub fn sign(letters: &[char], shingle: usize) -> Option<Signature> {
    let mut signer = Signer::new(shingle);
    for &c in letters {
        signer.push(c);
    }
    signer.finish()
}

/// Letters a [`Signer`] holds before hashing their windows.
const CHUNK: usize = 16_384;

/// Signs letters given one at a time ([`sign`] of all of them), holding a
/// chunk of them at most: a report's letters are hashed a chunk at a time,
/// each window whole in one chunk.
pub struct Signer {
    shingle: usize,
    mins: [u64; HASHES],
    shingles: usize,
    pending: Vec<char>,
}

impl Signer {
    /// A signer of shingles of `shingle` characters (at least 1).
    pub fn new(shingle: usize) -> Signer {
        Signer {
            shingle: shingle.max(1),
            mins: [u64::MAX; HASHES],
            shingles: 0,
            pending: Vec::with_capacity(CHUNK),
        }
    }

    /// Adds the next letter.
    pub fn push(&mut self, c: char) {
        self.pending.push(c);
        if self.pending.len() >= CHUNK.max(2 * self.shingle) {
            self.hash_pending();
        }
    }

    /// Hashes the whole windows of the pending letters and keeps the
    /// letters a later window still starts at.
    fn hash_pending(&mut self) {
        self.shingles += match self.shingle {
            // The default, with the window's length known to the compiler.
            8 => minima::<8>(&self.pending, &mut self.mins),
            n => minima_of(&self.pending, n, &mut self.mins),
        };
        let keep = self.pending.len().min(self.shingle - 1);
        self.pending.drain(..self.pending.len() - keep);
    }

    /// The signature, or `None` when the letters made fewer than
    /// [`MIN_SHINGLES`] shingles.
    pub fn finish(mut self) -> Option<Signature> {
        self.hash_pending();
        if self.shingles < MIN_SHINGLES {
            return None;
        }
        let mins = &self.mins;
        // Densify: an empty bin takes the value of the next full one (there
        // is one: there were shingles), changed by the distance so that
        // borrowed values differ from the bins' own.
        let mut out = [0u32; HASHES];
        for (i, slot) in out.iter_mut().enumerate() {
            let mut d = 0;
            while mins[(i + d) % HASHES] == u64::MAX {
                d += 1;
            }
            let v = mins[(i + d) % HASHES] as u32;
            *slot = if d == 0 {
                v
            } else {
                v.wrapping_add((d as u32).wrapping_mul(0x9E37_79B9))
            };
        }
        Some(out)
    }
}

/// Hashes every window of `N` letters into the minima of its bin; returns
/// the number of windows.
fn minima<const N: usize>(letters: &[char], mins: &mut [u64; HASHES]) -> usize {
    let windows = (letters.len() + 1).saturating_sub(N);
    for start in 0..windows {
        if let Ok(window) = <&[char; N]>::try_from(&letters[start..start + N]) {
            keep(hash(window), mins);
        }
    }
    windows
}

/// [`minima`] for a window of `shingle` letters not known when compiling.
fn minima_of(letters: &[char], shingle: usize, mins: &mut [u64; HASHES]) -> usize {
    let mut windows = 0;
    for window in letters.windows(shingle) {
        keep(hash(window), mins);
        windows += 1;
    }
    windows
}

/// The hash of one window of letters, oldest first.
fn hash(window: &[char]) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for &c in window {
        h = (h ^ u64::from(c)).wrapping_mul(0x100_0000_01B3);
    }
    fmix(h)
}

/// Keeps a window's hash `h` in the minima of its bin (its top bits).
fn keep(h: u64, mins: &mut [u64; HASHES]) {
    let bin = (h >> (64 - 7)) as usize % HASHES;
    let value = h & 0xFFFF_FFFF;
    if value < mins[bin] {
        mins[bin] = value;
    }
}

/// MurmurHash3's 64-bit finaliser: every input bit moves every output bit.
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The estimated Jaccard similarity of the texts of two signatures.
pub fn resemblance(a: &Signature, b: &Signature) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / HASHES as f64
}

/// Candidate pairs of the signed reports: for each report, the later reports
/// (by index) that share a band with it, at most `per_report` of them. In a
/// band's bucket of more than `per_report + 1` reports, each is paired only
/// with the `per_report` that follow it in the bucket. Reports of one group
/// (`groups[i]`, when `Some`: the reports of one unit) are never paired, and
/// do not count among the `per_report`.
pub fn candidates(
    signatures: &[Option<&Signature>],
    groups: &[Option<u32>],
    per_report: usize,
) -> Vec<Vec<u32>> {
    let per_report = per_report.max(1);
    let group = |i: u32| groups.get(i as usize).copied().flatten();
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); signatures.len()];
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(signatures.len());
    // For each place in a bucket, where the run of reports of its group
    // that starts there ends (a report without a group is a run of one).
    let mut run_end: Vec<usize> = Vec::new();
    for band in 0..BANDS {
        keys.clear();
        for (i, s) in signatures.iter().enumerate() {
            if let Some(s) = s {
                let mut h: u64 = band as u64;
                for &v in &s[band * ROWS..(band + 1) * ROWS] {
                    h = fmix(h ^ u64::from(v)).wrapping_add(0x9E37_79B9_7F4A_7C15);
                }
                keys.push((h, i as u32));
            }
        }
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            let bucket = &keys[start..end];
            run_end.clear();
            run_end.resize(bucket.len(), 0);
            for p in (0..bucket.len()).rev() {
                let g = group(bucket[p].1);
                run_end[p] = match bucket.get(p + 1) {
                    Some(&(_, next)) if g.is_some() && group(next) == g => run_end[p + 1],
                    _ => p + 1,
                };
            }
            for (p, &(_, i)) in bucket.iter().enumerate() {
                let g = group(i);
                let (mut q, mut paired) = (p + 1, 0);
                // Each step pairs, or skips a whole run of `i`'s group.
                while q < bucket.len() && paired < per_report {
                    let j = bucket[q].1;
                    if g.is_some() && group(j) == g {
                        q = run_end[q];
                        continue;
                    }
                    add(&mut out, i, j, per_report);
                    paired += 1;
                    q += 1;
                }
            }
            start = end;
        }
    }
    out
}

/// Records the pair (i, j), i < j, on `i` unless `i` holds `per_report`
/// candidates already (or this one).
fn add(out: &mut [Vec<u32>], i: u32, j: u32, per_report: usize) {
    let (i, j) = (i.min(j), i.max(j));
    let list = &mut out[i as usize];
    if list.len() < per_report && !list.contains(&j) {
        list.push(j);
    }
}

/// Chooses the partners of each report from scored pairs `(score, i, j)`:
/// best score first, a pair kept while neither report has `limit(report)`
/// partners yet. Both reports of a kept pair list each other.
pub fn choose(
    mut pairs: Vec<(f64, u32, u32)>,
    n: usize,
    limit: impl Fn(usize) -> usize,
) -> Vec<Vec<u32>> {
    pairs.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (_, i, j) in pairs {
        let (iu, ju) = (i as usize, j as usize);
        if iu == ju || iu >= n || ju >= n {
            continue;
        }
        if partners[iu].len() < limit(iu)
            && partners[ju].len() < limit(ju)
            && !partners[iu].contains(&j)
        {
            partners[iu].push(j);
            partners[ju].push(i);
        }
    }
    for p in &mut partners {
        p.sort_unstable();
    }
    partners
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "区政府办公室坚持把学习贯彻作为重要必修课程通过党组会理论学习中心组专题学习研讨等方式认真学习全年共组织集中学法十二次邀请高校专家授课三次领导干部法治素养和依法行政能力明显提升严格落实重大行政决策法定程序全年对五十六件规范性文件开展合法性审查未发现违法文件";
    const B: &str = "推行行政执法三项制度全区执法部门公示执法信息一千二百余条执法全过程记录实现全覆盖完善行政复议和应诉工作机制全年办理行政复议案件三十一件行政机关负责人出庭应诉率达百分之百开展普法宣传活动八十余场发放资料两万份群众满意度持续提升";

    fn sig(text: &str) -> Signature {
        sign(&chars(text), 8).expect("long enough")
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn the_estimate_is_one_for_the_same_text_and_low_for_different_ones() {
        assert_eq!(resemblance(&sig(A), &sig(A)), 1.0);
        let low = resemblance(&sig(A), &sig(B));
        assert!(low < 0.1, "{low}");
        // A lightly edited copy stays close.
        let edited = A.replace("十二次", "十三次").replace("五十六件", "四十件");
        let close = resemblance(&sig(A), &sig(&edited));
        assert!(close > 0.6, "{close}");
        // Half shared: about a third of the union.
        let half = resemblance(&sig(&format!("{A}{B}")), &sig(A));
        assert!(half > 0.3 && half < 0.7, "{half}");
    }

    /// The minima as first written: the window's letters found by index
    /// modulo its length.
    fn minima_by_modulo(text: &str, shingle: usize) -> ([u64; HASHES], usize) {
        let mut window: Vec<u32> = vec![0; shingle];
        let (mut seen, mut shingles) = (0usize, 0usize);
        let mut mins = [u64::MAX; HASHES];
        for c in text.chars() {
            window[seen % shingle] = c as u32;
            seen += 1;
            if seen < shingle {
                continue;
            }
            let start = seen % shingle;
            let mut h: u64 = 0x243F_6A88_85A3_08D3;
            for k in 0..shingle {
                h = (h ^ u64::from(window[(start + k) % shingle])).wrapping_mul(0x100_0000_01B3);
            }
            let h = fmix(h);
            let bin = (h >> (64 - 7)) as usize % HASHES;
            mins[bin] = mins[bin].min(h & 0xFFFF_FFFF);
            shingles += 1;
        }
        (mins, shingles)
    }

    #[test]
    fn the_minima_are_those_of_every_window_in_order() {
        let text = format!("{A}{B}");
        for shingle in [1, 2, 3, 7, 8, 9, 16] {
            let mut mins = [u64::MAX; HASHES];
            let n = minima_of(&chars(&text), shingle, &mut mins);
            assert_eq!((mins, n), minima_by_modulo(&text, shingle), "{shingle}");
            if shingle == 8 {
                let mut eights = [u64::MAX; HASHES];
                let n = minima::<8>(&chars(&text), &mut eights);
                assert_eq!((eights, n), minima_by_modulo(&text, 8));
            }
        }
    }

    #[test]
    fn letters_signed_a_chunk_at_a_time_sign_as_all_at_once() {
        let long: Vec<char> = format!("{A}{B}").repeat(200).chars().collect();
        assert!(long.len() > 2 * CHUNK);
        for shingle in [1, 3, 8, 16] {
            let mut all = [u64::MAX; HASHES];
            let windows = minima_of(&long, shingle, &mut all);
            let mut signer = Signer::new(shingle);
            for &c in &long {
                signer.push(c);
            }
            signer.hash_pending();
            assert_eq!((signer.mins, signer.shingles), (all, windows), "{shingle}");
        }
    }

    #[test]
    fn empty_and_tiny_texts_have_no_signature() {
        assert!(sign(&[], 8).is_none());
        assert!(sign(&chars("法治政府建设"), 8).is_none());
        assert!(sign(&chars(&"法治政府建设年度报告".repeat(2)), 8).is_none());
        assert!(sign(&chars(A), 0).is_some(), "a shingle of 0 is taken as 1");
        assert!(sign(&chars(A), 200).is_none(), "longer than the text");
    }

    #[test]
    fn similar_reports_are_candidates_and_different_ones_are_not() {
        let texts = [
            A.to_string(),
            B.to_string(),
            A.replace("十二次", "十三次"),
            format!("{B}{B}"),
        ];
        let sigs: Vec<Signature> = texts.iter().map(|t| sig(t)).collect();
        let refs: Vec<Option<&Signature>> = sigs.iter().map(Some).collect();
        let found = candidates(&refs, &[], 3);
        assert!(found[0].contains(&2), "{found:?}");
        assert!(!found[0].contains(&1), "{found:?}");
        assert!(found[1].contains(&3), "{found:?}");
        // Unsigned reports are never candidates.
        let found = candidates(&[Some(&sigs[0]), None, Some(&sigs[2])], &[], 3);
        assert_eq!(found, vec![vec![2], vec![], vec![]]);
        // Reports of one group are not paired, and do not take the places
        // of the others.
        let refs: Vec<Option<&Signature>> = vec![Some(&sigs[0]); 8];
        let groups = [
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            None,
            Some(1),
            Some(0),
            Some(1),
        ];
        let found = candidates(&refs, &groups, 2);
        assert_eq!(found[0], vec![4, 5], "{found:?}");
        assert_eq!(found[3], vec![4, 5], "{found:?}");
        assert_eq!(found[4], vec![5, 6], "{found:?}");
        assert_eq!(found[5], vec![6], "{found:?}");
        assert_eq!(found[6], vec![7], "{found:?}");
    }

    #[test]
    fn a_bucket_of_thousands_of_identical_reports_stays_bounded() {
        let s = sig(A);
        let n = 5_000;
        let refs: Vec<Option<&Signature>> = vec![Some(&s); n];
        let started = std::time::Instant::now();
        let found = candidates(&refs, &[], 3);
        assert!(found.iter().all(|c| c.len() <= 3));
        let total: usize = found.iter().map(Vec::len).sum();
        assert!(total <= 3 * n, "{total}");
        let pairs = found
            .iter()
            .enumerate()
            .flat_map(|(i, js)| js.iter().map(move |&j| (1.0, i as u32, j)))
            .collect();
        let partners = choose(pairs, n, |_| 3);
        assert!(partners.iter().all(|p| p.len() <= 3 && !p.is_empty()));
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn partners_are_bounded_mutual_and_best_first() {
        let pairs = vec![
            (0.5, 0, 1),
            (0.9, 0, 2),
            (0.8, 0, 3),
            (0.7, 1, 2),
            (0.95, 2, 3),
        ];
        let partners = choose(pairs, 4, |_| 2);
        assert!(partners.iter().all(|p| p.len() <= 2));
        for (i, ps) in partners.iter().enumerate() {
            for &j in ps {
                assert!(partners[j as usize].contains(&(i as u32)));
            }
        }
        // 2–3 (0.95), 0–2 (0.9), 0–3 (0.8); 1–2 is too late for 2.
        assert_eq!(partners, vec![vec![2, 3], vec![], vec![0, 3], vec![0, 2]]);
    }
}
