package search

import (
	"fmt"
	"strings"
	"time"
)

// Record types known to the index. A new module adds its type here (and in
// typeMappings, mapping.go) and bumps MappingVersion; the generic Doc
// carries its text the same way as the others.
const (
	TypeFollowUp = "followup"
	TypeCustomer = "customer"
	TypeContact  = "contact"
)

// Doc is what the app hands the index for one record. The index keeps
// nothing else; everything a result list shows comes from here.
type Doc struct {
	Type string // one of the Type constants
	ID   string // the record's id, unique within its type

	// CustomerID is the customer the record belongs to; a customer's own
	// id for a customer.
	CustomerID string
	// Title is what a result list shows: the customer or contact name, or
	// "customer — kind date" for a follow-up. It is searchable too.
	Title string
	// Text holds the searchable free text: notes, next step, name,
	// address, custom text fields.
	Text []string
	// Codes holds exact-ish tokens: credit codes, phone numbers, product
	// codes. They are analysed like Text (see doc.go) and may show in a
	// snippet.
	Codes []string
	// Tags are exact labels, counted as facets and usable as a filter.
	Tags []string
	Kind string
	// OwnerID is the owning rep; "" means the record is in the pool.
	OwnerID  string
	RegionID string
	// OccurredAt is when a follow-up happened, or when another record was
	// created or last changed. The zero time is never matched by a
	// From/To filter.
	OccurredAt time.Time
}

// Key names one record in the index.
type Key struct {
	Type, ID string
}

// docID is the Bleve document id of a record: the type and the id, so ids
// of different types never collide.
func (k Key) docID() string {
	return k.Type + "/" + k.ID
}

// keyOf splits a Bleve document id made by docID.
func keyOf(docID string) Key {
	typ, id, _ := strings.Cut(docID, "/")
	return Key{Type: typ, ID: id}
}

// Key returns the key of d.
func (d Doc) Key() Key {
	return Key{Type: d.Type, ID: d.ID}
}

// validate reports a doc the index cannot take.
func (k Key) validate() error {
	if !knownType(k.Type) {
		return fmt.Errorf("%w %q (id %q)", ErrUnknownType, k.Type, k.ID)
	}
	if k.ID == "" {
		return fmt.Errorf("%w: %s without id", ErrInvalidDoc, k.Type)
	}
	return nil
}

// Batch is an ordered list of puts and deletes. When one key occurs more
// than once, the last operation wins. The zero value is an empty batch.
type Batch struct {
	ops []op
}

type op struct {
	key Key
	doc *Doc // nil deletes key
}

// Put adds or replaces d.
func (b *Batch) Put(d Doc) {
	b.ops = append(b.ops, op{key: d.Key(), doc: &d})
}

// Delete removes the record typ/id; deleting an absent record is not an
// error.
func (b *Batch) Delete(typ, id string) {
	b.ops = append(b.ops, op{key: Key{Type: typ, ID: id}})
}

// Len returns the number of operations in b.
func (b *Batch) Len() int {
	return len(b.ops)
}

// texts returns the title, text and codes of d as one list of values to
// analyse, without empty or repeated values.
func (d *Doc) texts() []string {
	seen := make(map[string]bool, len(d.Text)+len(d.Codes)+1)
	out := make([]string, 0, len(d.Text)+len(d.Codes)+1)
	add := func(s string) {
		if strings.TrimSpace(s) == "" || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
	}
	add(d.Title)
	for _, s := range d.Text {
		add(s)
	}
	for _, s := range d.Codes {
		add(s)
	}
	return out
}
