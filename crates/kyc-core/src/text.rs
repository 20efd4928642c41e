/// True for a character no text field should hold: a control character (tabs and
/// newlines included — every field is one line) or an invisible mark that reorders
/// or hides text — the bidirectional embeddings, overrides and isolates, the
/// left-to-right and right-to-left marks, the Arabic letter mark. Stored as sent,
/// they can make a reviewer's screen show something other than what was sent
/// ("Trojan Source"). The app refuses them as the person types; the sandbox refuses
/// them on the wire.
pub fn is_hidden_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::is_hidden_or_control;

    #[test]
    fn controls_and_direction_overrides_are_caught_and_letters_are_not() {
        for c in ['\0', '\n', '\t', '\u{7F}', '\u{85}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}'] {
            assert!(is_hidden_or_control(c), "U+{:04X}", u32::from(c));
        }
        for c in "Anna-Lena O'Brien 123 محمد 山田 สมชาย Nguyễn ß".chars() {
            assert!(!is_hidden_or_control(c), "U+{:04X}", u32::from(c));
        }
    }
}
