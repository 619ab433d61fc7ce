package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion identifies the analysis and mapping an index was built
// with. Bump it whenever analyze, a field, a type or a scoring setting
// changes: Open then moves the old index aside and reports that a rebuild
// is needed, instead of answering with results from mismatched analysis.
const MappingVersion = 1

// Index field names. Text goes into two fields analysed differently (see
// doc.go); only fieldUni stores it, for snippets. The title is also kept
// in a pair of its own, so that a match in a name can rank first.
const (
	fieldType     = "type"
	fieldID       = "rid"
	fieldCustomer = "customer"
	fieldTitle    = "title"
	fieldTitleBi  = "title_bi"
	fieldUni      = "uni"
	fieldBi       = "bi"
	fieldTag      = "tag"
	fieldKind     = "kind"
	fieldOwner    = "owner"
	fieldRegion   = "region"
	fieldAt       = "at"
)

// poolOwner is the owner term indexed for a record with no owner. It
// cannot clash with a ULID.
const poolOwner = "_pool"

// typeMappings builds the document mapping of each record type. All types
// share one shape today; a type that needs more (a contract's amount, say)
// gets its own function here.
var typeMappings = map[string]func() *mapping.DocumentMapping{
	TypeFollowUp: recordMapping,
	TypeCustomer: recordMapping,
	TypeContact:  recordMapping,
}

func knownType(typ string) bool {
	_, ok := typeMappings[typ]
	return ok
}

// newMapping returns the index mapping. Documents are maps whose
// fieldType entry selects the type mapping; anything unmapped is ignored.
func newMapping() *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	m.TypeField = fieldType
	m.DefaultAnalyzer = unigramAnalyzer
	m.ScoringModel = index.BM25Scoring
	m.DefaultMapping = mapping.NewDocumentDisabledMapping()
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	for typ, build := range typeMappings {
		m.AddDocumentMapping(typ, build())
	}
	return m
}

// recordMapping maps the fields every Doc has.
func recordMapping() *mapping.DocumentMapping {
	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldType, keywordField(true))
	dm.AddFieldMappingsAt(fieldID, keywordField(false))
	dm.AddFieldMappingsAt(fieldCustomer, storedOnly())
	dm.AddFieldMappingsAt(fieldTitle, textField(unigramAnalyzer, true))
	dm.AddFieldMappingsAt(fieldTitleBi, textField(bigramAnalyzer, false))
	dm.AddFieldMappingsAt(fieldUni, textField(unigramAnalyzer, true))
	dm.AddFieldMappingsAt(fieldBi, textField(bigramAnalyzer, false))
	dm.AddFieldMappingsAt(fieldTag, keywordField(true))
	dm.AddFieldMappingsAt(fieldKind, keywordField(false))
	dm.AddFieldMappingsAt(fieldOwner, keywordField(false))
	dm.AddFieldMappingsAt(fieldRegion, keywordField(true))
	at := mapping.NewDateTimeFieldMapping()
	at.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldAt, at)
	return dm
}

// keywordField indexes a value as one exact term; facets need doc values.
func keywordField(facet bool) *mapping.FieldMapping {
	fm := mapping.NewKeywordFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Store = true
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = facet
	return fm
}

// storedOnly keeps a value for result lists without indexing it.
func storedOnly() *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Index = false
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// textField analyses free text with term vectors, which phrase queries
// need.
func textField(analyzer string, store bool) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store = store
	fm.IncludeTermVectors = true
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// bleveDoc is the value handed to Bleve for d.
func bleveDoc(d *Doc) map[string]interface{} {
	texts := d.texts()
	owner := d.OwnerID
	if owner == "" {
		owner = poolOwner
	}
	m := map[string]interface{}{
		fieldType:     d.Type,
		fieldID:       d.ID,
		fieldCustomer: d.CustomerID,
		fieldTitle:    d.Title,
		fieldTitleBi:  d.Title,
		fieldUni:      texts,
		fieldBi:       texts,
		fieldOwner:    owner,
	}
	setIf(m, fieldTag, d.Tags, len(d.Tags) > 0)
	setIf(m, fieldKind, d.Kind, d.Kind != "")
	setIf(m, fieldRegion, d.RegionID, d.RegionID != "")
	setIf(m, fieldAt, d.OccurredAt.UTC(), !d.OccurredAt.IsZero())
	return m
}

func setIf(m map[string]interface{}, key string, v interface{}, ok bool) {
	if ok {
		m[key] = v
	}
}
