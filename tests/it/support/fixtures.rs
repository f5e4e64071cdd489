//! A small but complete fixture site shared by several test modules.

use super::site::Site;

/// The ids of the rich site's FAQ entries, in file order.
pub const RICH_FAQ_IDS: [&str; 5] = [
    "does-it-hurt",
    "sleep-help",
    "pain-real",
    "who-writes",
    "eat-well",
];

/// A small but complete site: topics, articles in sub-folders, a FAQ with related articles,
/// an about page. It builds without a warning (every topic is used; every answer is a
/// sentence); `diet` has a question but no articles. Relationships (see the tests) are chosen so related lists have a known order.
pub fn rich_site_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/topics.yaml",
            "\
pain:
  title: Pain
  description: Everything about *pain*.
sleep:
  title: Sleep
  description: Rest and sleep.
needling:
  title: Dry needling
  description: Thin needles in tight muscles.
diet:
  title: Diet
",
        ),
        (
            "content/articles/basics/pain-basics.md",
            "\
---
title: Pain basics
description: What pain is and what helps.
topics: [pain, sleep]
date: 2026-03-01
reviewed_on: 2026-03-10
reviewed_by: Dr. Ada Reviewer
author: The editors
weight: 1
---
Pain is real. Read our [sleep tips](/articles/sleep-tips/) and the
[answer about needling](/faq/#does-it-hurt).

## Overview

More text, see [the overview](#overview).
",
        ),
        (
            "content/articles/sleep-tips.md",
            "\
---
title: Sleep tips
description: Sleep better with pain.
topics: [sleep]
date: 2026-05-01
---
Go to bed at the same time. See [pain basics](basics/pain-basics.md#overview).
",
        ),
        (
            "content/articles/treatments/needling-guide.md",
            "\
---
title: Needling guide
topics: [needling, pain]
date: 2026-04-01
---
What happens in a session. Also read [sleep tips](../sleep-tips.md).

## During the session

You may feel a twitch.
",
        ),
        (
            "content/articles/treatments/needling-safety.md",
            "\
---
title: Needling safety
topics: [needling, pain, sleep]
date: 2026-02-01
---
Side effects are usually mild. Back to the [guide](/articles/needling-guide).
",
        ),
        (
            "content/faq.yaml",
            "\
title: Common questions
intro: Answers to *common* questions.
questions:
  - id: does-it-hurt
    question: Does needling hurt?
    answer: A little, for a moment. See [the guide](/articles/needling-guide/#during-the-session).
    topics: [needling, pain]
    related: [needling-guide, needling-safety]
  - id: sleep-help
    question: What helps sleep?
    answer: Going to bed at regular hours helps. See [also](#does-it-hurt).
    topics: [sleep]
    related: [sleep-tips]
  - id: pain-real
    question: Is the pain real?
    answer: Yes, it is real, and it can be treated.
    topics: [pain]
  - id: who-writes
    question: Who writes this site?
    answer: Volunteers who have lived with pain write it.
  - id: eat-well
    question: Does what I eat matter?
    answer: Regular meals give you steady energy through the day.
    topics: [diet]
",
        ),
        (
            "content/pages/about.md",
            "\
---
title: About us
description: Who runs this site.
---
We are volunteers. [Home](/).
",
        ),
    ]
}

pub fn rich_site() -> Site {
    Site::new(&rich_site_files())
}
