//! Building storefront URLs: every search, filter and page is a link, so it can be shared, bookmarked and
//! reached with the back button.

/// Percent-encodes a query value: everything but unreserved characters (RFC 3986), UTF-8 bytes as `%XX`.
pub fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// `path?k=v&…` from the pairs whose value is not empty, in the given order.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_ones_dropped() {
        assert_eq!(encode("brass lamp&x=1"), "brass%20lamp%26x%3D1");
        assert_eq!(encode("лампа"), "%D0%BB%D0%B0%D0%BC%D0%BF%D0%B0");
        let url =
            with_query("/", &[("q", "desk lamp".into()), ("category", String::new()), ("page", "2".into())]);
        assert_eq!(url, "/?q=desk%20lamp&page=2");
        assert_eq!(with_query("/", &[("q", String::new())]), "/");
    }
}
