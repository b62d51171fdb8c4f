//! Integer apportionment: splitting a total into parts proportional to weights.

/// Splits `total` into integer parts proportional to `weights` by the largest
/// remainder method (ties go to the lower index). The parts sum to `total`.
pub(crate) fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    assert!(
        sum > 0 || total == 0,
        "apportioning a positive total needs a positive weight"
    );
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0u64;
    for (i, &w) in weights.iter().enumerate() {
        let share = u128::from(total) * u128::from(w);
        let part = share.checked_div(sum).unwrap_or(0) as u64;
        let rem = share.checked_rem(sum).unwrap_or(0);
        parts.push(part);
        remainders.push((rem, i));
        given += part;
    }
    crate::sort::sort_by(&mut remainders, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take((total - given) as usize) {
        parts[i] += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::apportion;

    #[test]
    fn parts_sum_to_total() {
        let parts = apportion(10, &[1, 1, 1]);
        assert_eq!(parts, vec![4, 3, 3]);
        assert_eq!(apportion(0, &[0, 0]), vec![0, 0]);
        assert_eq!(apportion(7, &[0, 5, 0]), vec![0, 7, 0]);
    }
}
