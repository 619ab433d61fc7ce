// Package search is the full-text index of Frontline (Bleve v2, scorch):
// follow-up notes, customers and contacts, with analysis that works for
// Chinese mixed with Latin words, product codes and phone numbers.
//
// It stands alone: it imports nothing of the app (no app/..., no Fiber, no
// Badger; the linter's search-standalone rule checks this). The app hands
// it Docs and a Scope; everything a result list shows comes back in Hits.
//
// # Use by the app
//
//	ix, err := search.Open(filepath.Join(dataDir, "index"), search.Options{Logger: log})
//	// err only when the directory is unusable (or ErrLocked); a broken or
//	// outdated index is replaced by an empty one and NeedsRebuild is true.
//	if ix.NeedsRebuild() {
//		go ix.Rebuild(ctx, count, feedFromStore, nil) // searches keep working
//	}
//	// Outbox drainer: read entries, build one Batch, Apply, then delete
//	// the entries. Apply returns after the batch is on disk.
//	var b search.Batch
//	b.Put(search.Doc{Type: search.TypeFollowUp, ID: id, ...})
//	b.Delete(search.TypeContact, contactID)
//	err = ix.Apply(ctx, &b)
//	// Handler: map the user's role to a Scope; ErrEmptyQuery,
//	// ErrQueryTooLong and ErrBadCursor become 422.
//	res, err := ix.Search(ctx, search.Request{Q: q, Scope: scope, Cursor: c})
//	// /readyz and the admin page: ix.Status(). Shutdown: ix.Close().
//
// A new record type (a contract, say) gets a Type constant and an entry in
// typeMappings, and MappingVersion is bumped; the app then feeds it as a
// Doc like the others.
//
// # Analysis
//
// Bleve's CJK analyzer indexes overlapping bigrams only, so a one-character
// query finds nothing, and a match query ORs the bigrams of a longer word
// (续约条款 finds every note with 条款). We register our own tokenizer and
// analyzers with Bleve's registry (frontline_unigram, frontline_bigram)
// and one function, analyze, serves both the index and the query parser,
// so the two always agree. It:
//
//   - folds full-width ASCII to half-width and the ideographic space to a
//     space, and lower-cases (ＳＫＵ－１２３４ = sku-1234, ｘ５ = x5);
//   - cuts text into runs of ideographs (Han, kana, hangul), letters and
//     digits; everything else separates tokens;
//   - splits a letter run from an adjacent digit run (X5 → x 5,
//     SKU-1234 → sku 1234), so a code is found whole, as a phrase, or by
//     its number;
//   - joins digit groups separated by one space or hyphen when together
//     they look like a phone number (11 digits starting with 1, or 10–12
//     starting with 0): 138 1234 5678 is also indexed as 13812345678;
//   - indexes the last four digits of a phone number or of another
//     standalone number of 7–13 digits as an extra term at the same
//     position, so 5678 finds 13812345678 (not for digits glued to letters,
//     as in credit codes, where they mean nothing);
//   - keeps token offsets in the original text, for snippets.
//
// Text (the title, Text and Codes of a Doc) is indexed twice: field "uni"
// holds one token per Han character, field "bi" holds overlapping Han
// bigrams (a lone Han character stays a unigram); Latin and digit tokens
// are the same in both. The title also gets its own pair of fields.
//
// # Queries
//
// The user's text is never given to Bleve's query-string parser. It is cut
// at white space into terms that must all match; text in straight or curly
// double quotes is one term; an unmatched quote, and every other character
// (+ - : ^ ~ * ? ( ) { } [ ] \ / …), is plain text, which the analysis then
// drops or keeps like any other text. Consecutive digit groups that form a
// phone number are joined into one term. Empty text is ErrEmptyQuery, more
// than MaxQueryRunes runes is ErrQueryTooLong; a query of punctuation only
// returns an empty Result.
//
// Each term becomes (see termQuery):
//
//   - one token (客, 王, 1234, x): that term in "uni";
//   - several tokens: a phrase query, over "bi" when every Han run of the
//     term has two or more characters, else over "uni" — never an OR of
//     bigrams;
//   - an unquoted term with a Han run of four or more characters also
//     matches, with a lower score, when all of its bigrams but one occur
//     anywhere in the text (续约条款 finds "续约…付款条款" but not a note
//     that only has 续, 约, 条 and 款 scattered about). This stands in for
//     word segmentation, which we do not have.
//
// # Ranking
//
// Scores are BM25. An exact phrase carries a boost of 50 over the relaxed
// match, and for several terms an optional phrase of all of them as typed
// (续约 条款 → 续约条款) carries the same boost, so exact phrases come first
// whatever the note lengths; BM25 orders within each tier. A term found in
// the title (a customer's or contact's name) scores double. Ties are
// broken by type and id, so the order is total.
//
// # Visibility, filters, facets, paging
//
// The Scope and the Request's filters (types, region, owner, tag, From <=
// OccurredAt < To) are a non-scoring filter clause inside the Bleve query,
// so Total and the facets (type, tag, region) count visible records only;
// hits are never filtered afterwards. A zero Scope sees nothing. Pages are
// ordered by score, then by type/id, and continue with Bleve's
// search_after from the last hit; the cursor also carries a fingerprint of
// the query and filters (see cursor.go).
//
// # Snippets
//
// Hit.Snippet is built here, not by Bleve's highlighter: the stored text
// with the most matches is analysed again, the matched tokens are located
// by position, a window of 120 runes around the first match is cut, every
// piece of text is HTML-escaped and only our <mark> tags are added. It is
// a template.HTML that may be embedded as is.
//
// # Lifecycle and files
//
// See layout.go for the directory layout (state.json naming the live
// generation, one Bleve index per generation) and Open for what happens to
// a missing, broken or outdated index: it is moved aside to
// <dir>.broken-<time> or <dir>.old-<time>, an empty index takes its place,
// and NeedsRebuild stays true (in state.json, so across restarts) until a
// Rebuild finishes. A generation counts as broken when Bleve cannot open
// it, when a probe query fails, or when its newest snapshot does not load
// (scorch would otherwise quietly serve an older one; see snapshot.go). Rebuild builds a new generation beside the live one
// while searches continue, then switches with one atomic rename of
// state.json. Every exported method recovers panics: a panic becomes
// ErrPanic and marks the index for rebuild. Tokenizer panics, which would
// happen on Bleve's own goroutines, are caught in the tokenizer.
//
// # Durability
//
// What we found in bleve v2.6.3 (index/scorch): Index.Batch blocks until
// the batch's segment has been introduced AND persisted, unless the index
// was opened with "unsafe_batch": true (which we never set). The persister
// writes the segment file with an fsync (zapx PersistSegmentBase), commits
// the snapshot to root.bolt (a bolt commit, synced) and calls
// rootBolt.Sync, and only then signals the waiting batch; a persist error
// is returned from Batch. So Apply returning nil means the change survives
// a crash, and TestApplyIsDurable checks that a copy of the directory taken
// right after Apply, without Close, holds it. The cost is an fsync per
// Apply, which is why the outbox should be drained in batches. We do not
// use bleve's offline Builder or Close for durability.
//
// # Concurrency
//
// All methods are safe for concurrent use. Searches share a read lock;
// Apply and a rebuild's batches are serialised, so that records changed by
// Apply during a rebuild are written to both indexes and skipped when the
// feed yields them later.
//
// Known limitations are marked TODO where they live.
package search
