//! The keychain tests use the real Secret Service: `scripts/test.sh` runs them in a
//! D-Bus session with gnome-keyring unlocked (`scripts/with-keyring.sh`).

use std::time::Duration;

use kyc_vault::{DraftError, Drafts, Keychain};
use serde::{Deserialize, Serialize};

const DAY: Duration = Duration::from_secs(24 * 3600);

/// A service name of this test's own, so tests never share secrets.
fn service() -> String {
    format!("org.kycflow.test.{}", rand::random::<u64>())
}

fn os_keychain() -> Keychain {
    let keychain = Keychain::open(&service());
    if let Some(reason) = keychain.unavailable() {
        panic!("these tests need a Secret Service; run them with scripts/with-keyring.sh ({reason})");
    }
    keychain
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Draft {
    holder_name: String,
    photo: Vec<u8>,
}

fn draft() -> Draft {
    Draft { holder_name: "CANARY-Holder-Name".into(), photo: b"CANARY-photo-bytes".to_vec() }
}

#[test]
fn secrets_round_trip_through_the_os_keychain() {
    let keychain = os_keychain();
    assert_eq!(keychain.get("token").unwrap(), None);
    keychain.set("token", b"kyc_live_123").unwrap();
    assert_eq!(keychain.get("token").unwrap().as_deref(), Some(&b"kyc_live_123"[..]));
    keychain.delete("token").unwrap();
    assert_eq!(keychain.get("token").unwrap(), None);
    keychain.delete("token").expect("deleting twice is fine");
}

#[test]
fn without_a_keychain_secrets_stay_in_memory_and_it_says_why() {
    let keychain = Keychain::choose(&service(), Err("no D-Bus session".into()));
    assert_eq!(keychain.unavailable(), Some("no D-Bus session"));
    keychain.set("token", b"t").unwrap();
    assert_eq!(keychain.get("token").unwrap().as_deref(), Some(&b"t"[..]));
    // A second run (a new keychain) has nothing: it was never written anywhere.
    assert_eq!(Keychain::choose("same", Err("none".into())).get("token").unwrap(), None);
}

#[test]
fn a_draft_is_encrypted_private_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("drafts").join("draft.bin");
    let drafts = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    drafts.save(&draft()).unwrap();

    let bytes = std::fs::read(&path).unwrap();
    for marker in [&b"CANARY"[..], b"holder_name"] {
        assert!(!bytes.windows(marker.len()).any(|w| w == marker), "plain text on disk");
    }
    // The 32-byte key and the 8-byte counter of the last save.
    assert_eq!(keychain.get("draft-key").unwrap().map(|k| k.len()), Some(40), "the key is in the keychain");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["draft.bin"], "no temporary file is left behind");

    // A new run with the same keychain reads it.
    let again = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    assert_eq!(again.load::<Draft>().unwrap(), Some(draft()));
    again.delete().unwrap();
    assert_eq!(again.load::<Draft>().unwrap(), None);
}

#[test]
fn a_changed_byte_anywhere_is_refused_and_the_draft_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("draft.bin");
    let drafts = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    drafts.save(&draft()).unwrap();
    let original = std::fs::read(&path).unwrap();
    // The magic, the counter, the nonce, the ciphertext and the tag.
    for at in [0, 9, 16, 20, 40, original.len() / 2, original.len() - 1] {
        let mut changed = original.clone();
        changed[at] ^= 0x01;
        std::fs::write(&path, &changed).unwrap();
        assert!(matches!(drafts.load::<Draft>(), Err(DraftError::Tampered)), "byte {at}");
        assert!(!path.exists(), "byte {at}: the unreadable draft is removed");
    }
    std::fs::write(&path, &original[..original.len() - 5]).unwrap();
    assert!(matches!(drafts.load::<Draft>(), Err(DraftError::Tampered)), "cut short");
    let err = DraftError::Tampered.to_string();
    assert!(err.contains("enter it again"), "{err}");
}

#[test]
fn an_older_draft_copied_back_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("draft.bin");
    let drafts = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    drafts.save(&draft()).unwrap();
    let older = std::fs::read(&path).unwrap();
    drafts.save(&Draft { holder_name: "Newer".into(), photo: vec![] }).unwrap();
    // Within its expiry, under the same key, authentic — but not the latest: a rollback.
    std::fs::write(&path, &older).unwrap();
    assert!(matches!(drafts.load::<Draft>(), Err(DraftError::Tampered)));
    assert!(!path.exists(), "the rolled-back draft is removed");
    // So does a new run of the app, which reads the counter from the keychain.
    drafts.save(&draft()).unwrap();
    drafts.save(&draft()).unwrap();
    std::fs::write(&path, &older).unwrap();
    let restarted = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    assert!(matches!(restarted.load::<Draft>(), Err(DraftError::Tampered)));
}

#[test]
fn a_draft_saved_just_before_a_crash_is_read_and_the_counter_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("draft.bin");
    let drafts = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    drafts.save(&draft()).unwrap();
    let stored = keychain.get("draft-key").unwrap().unwrap();
    drafts.save(&draft()).unwrap();
    // The file was written under the next counter, then the app died before the keychain moved on.
    keychain.set("draft-key", &stored).unwrap();
    let restarted = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    assert_eq!(restarted.load::<Draft>().unwrap(), Some(draft()));
    assert_ne!(keychain.get("draft-key").unwrap().unwrap(), stored, "the keychain caught up");
    assert_eq!(restarted.load::<Draft>().unwrap(), Some(draft()));
}

#[test]
fn a_draft_under_a_lost_key_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("draft.bin");
    Drafts::open(&path, &keychain, "draft-key", DAY).unwrap().save(&draft()).unwrap();
    keychain.delete("draft-key").unwrap();
    let drafts = Drafts::open(&path, &keychain, "draft-key", DAY).unwrap();
    assert!(matches!(drafts.load::<Draft>(), Err(DraftError::Tampered)));
}

#[test]
fn an_expired_draft_is_deleted_unread() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = os_keychain();
    let path = dir.path().join("draft.bin");
    let drafts = Drafts::open(&path, &keychain, "draft-key", Duration::ZERO).unwrap();
    drafts.save(&draft()).unwrap();
    assert!(path.exists());
    assert_eq!(drafts.load::<Draft>().unwrap(), None);
    assert!(!path.exists());
}
