use super::*;

#[test]
fn smoke() {
    assert_eq!(decode_tcvn3("KÕ ho¹ch", false), "Kế hoạch");
}
