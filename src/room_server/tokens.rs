//! The room's and its parties' tokens: random, from the operating system, in letters a person
//! can type from the screen when a phone cannot scan (no 0/o, 1/l/i, u).

/// The letters of a token: 30 of them, so each carries almost 5 bits.
const LETTERS: &[u8; 30] = b"23456789abcdefghjkmnpqrstvwxyz";

/// Letters in a token: 10 letters, 49 bits. A room's page needs the room's token and the
/// party's (100 bits together), and the rate limits allow an address about 20 guesses a second.
pub const LEN: usize = 10;

/// A new random token.
pub fn token() -> String {
    let n = LETTERS.len() as u8;
    // Bytes at or above the last whole multiple of 30 are passed over: every letter equally
    // likely.
    let fair = u8::MAX - u8::MAX % n;
    let mut out = String::with_capacity(LEN);
    while out.len() < LEN {
        let mut bytes = [0u8; 32];
        // Without the system's randomness no room can be opened safely: not expected on any
        // system sori runs on, and a panic says so rather than open a guessable room.
        getrandom::fill(&mut bytes).expect("the operating system's random numbers");
        for b in bytes.into_iter().filter(|b| *b < fair) {
            if out.len() < LEN {
                out.push(char::from(LETTERS[usize::from(b % n)]));
            }
        }
    }
    out
}

/// Whether a token from a request is the expected one, in a time that does not depend on
/// where they differ.
pub fn same(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_typable() {
        let a = token();
        let b = token();
        assert_ne!(a, b);
        assert_eq!(a.len(), LEN);
        assert!(a.bytes().all(|c| LETTERS.contains(&c)), "{a}");
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[1..]));
        assert!(!same("", &a));
    }
}
