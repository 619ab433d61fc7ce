package search

import "errors"

// Errors a caller may test with errors.Is. ErrEmptyQuery, ErrQueryTooLong
// and ErrBadCursor are the user's doing (the app answers 422); the others
// are internal.
var (
	// ErrEmptyQuery: the query text is empty after trimming.
	ErrEmptyQuery = errors.New("search: empty query")
	// ErrQueryTooLong: the query text has more than MaxQueryRunes runes.
	ErrQueryTooLong = errors.New("search: query too long")
	// ErrBadCursor: the cursor is malformed or belongs to another query.
	ErrBadCursor = errors.New("search: invalid cursor")

	// ErrClosed: the index has been closed.
	ErrClosed = errors.New("search: index closed")
	// ErrRebuildRunning: Rebuild was called while another rebuild runs.
	ErrRebuildRunning = errors.New("search: rebuild already running")
	// ErrLocked: another process holds the index directory.
	ErrLocked = errors.New("search: index directory in use by another process")
	// ErrUnknownType: a Doc or Key names a type with no mapping.
	ErrUnknownType = errors.New("search: unknown record type")
	// ErrInvalidDoc: a Doc or Key lacks a required field.
	ErrInvalidDoc = errors.New("search: invalid document")
	// ErrPanic: Bleve panicked; the index is marked as needing a rebuild.
	ErrPanic = errors.New("search: internal panic")
)
