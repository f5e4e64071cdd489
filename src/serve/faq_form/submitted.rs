//! What a form POST carries: the fields as typed, read from the urlencoded body.

use crate::faq_edit::NewEntry;

/// The submitted fields.
#[derive(Debug, Default, Clone)]
pub struct Submitted {
    pub token: String,
    pub question: String,
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    pub id: String,
}

impl Submitted {
    /// Reads an `application/x-www-form-urlencoded` body; `topics` and `related` repeat.
    pub fn parse(body: &[u8]) -> Submitted {
        let mut s = Submitted::default();
        for (k, v) in form_urlencoded::parse(body) {
            let v = v.into_owned();
            match k.as_ref() {
                "token" => s.token = v,
                "question" => s.question = v,
                "answer" => s.answer = v,
                "topics" => s.topics.push(v),
                "related" => s.related.push(v),
                "id" => s.id = v,
                _ => {}
            }
        }
        s
    }

    /// The entry to add; an empty id means "make one from the question".
    pub fn entry(&self) -> NewEntry {
        NewEntry {
            question: self.question.clone(),
            answer: self.answer.clone(),
            topics: self.topics.clone(),
            related: self.related.clone(),
            id: Some(self.id.clone()).filter(|s| !s.trim().is_empty()),
            new_topic: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_parse_with_repeats() {
        let s = Submitted::parse(
            b"token=t&question=Does+it%3F&answer=a%0D%0Ab&topics=x&topics=y&related=r&id=",
        );
        assert_eq!(s.token, "t");
        assert_eq!(s.question, "Does it?");
        assert_eq!(s.answer, "a\r\nb");
        assert_eq!(s.topics, ["x", "y"]);
        assert_eq!(s.related, ["r"]);
        assert_eq!(s.entry().id, None);
    }
}
