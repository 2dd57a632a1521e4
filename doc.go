// Package jikenbo holds the domain of the casebook: releases, the facts read
// from them, organisations, cases and labels, and the interfaces the stores
// implement. It imports none of the project's other packages; adapters
// (extract, ingest, link, store/*, web) depend on it, never the reverse.
//
// Vocabulary used throughout the code:
//
//   - 事件簿 (jikenbo, "casebook"): the public record this program keeps.
//   - Release: one document one organisation published on one day.
//   - Case: one real-world incident, numbered YYYY-NNN like the casebook
//     blogs number them (【セキュリティ事件簿#2024-244】).
//   - 第1報 (first report), 続報 (follow-up), 最終報告 (final report): the
//     stages of the releases of one case.
//   - Facts: what the extractor reads from a release (extraction-contract.md),
//     each field with the span of text it came from.
package jikenbo
