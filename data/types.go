// Package data is the indicator format (eaeu-indicators/1): the in-memory
// dataset, loading with positioned errors, validation, the figures derived
// once per dataset, and the embedded default dataset. It knows nothing of
// terminals.
package data

// FormatV1 is the only format string this version reads.
const FormatV1 = "eaeu-indicators/1"

// Text is a plain string or a map of language tags to strings. A plain
// string is stored under the empty tag "".
type Text map[string]string

// Status says what kind of figure a point is.
type Status uint8

const (
	Actual Status = iota
	Estimate
	Plan
	Target
)

// IsResult reports whether a point is a measured result (actual or
// estimate) rather than a promise (plan or target).
func (s Status) IsResult() bool { return s == Actual || s == Estimate }

// Point is one observation. It is kept small: a 100 MB file holds millions.
type Point struct {
	Value  float64
	Period Period
	Source int32 // index into Dataset.Sources, -1 when the point cites none
	Note   int32 // index into Dataset.Notes, 0 when the point has no note
	Status Status
}

// Series is one entity's points of one indicator, ordered by period start.
type Series struct {
	Entity    string
	EntityIdx int // index into Dataset.Entities
	Points    []Point
	Stats     Stats
}

// Stats are the figures derived from a series once, when the dataset loads.
// Indices (Current, Baseline, Target, Previous) point into Series.Points;
// -1 means "none".
type Stats struct {
	Milestones

	Progress    float64 // (current-baseline)/(target-baseline)
	HasProgress bool
	Change      float64 // current - previous
	HasChange   bool
	CAGR        float64 // compound annual growth between the first and last actual points
	HasCAGR     bool

	Min, Max float64 // over all points; equal when the series is flat
}

// Topic groups indicators on the overview.
type Topic string

const (
	TopicTransit        Topic = "transit"
	TopicInfrastructure Topic = "infrastructure"
	TopicSpeed          Topic = "speed"
	TopicCapacity       Topic = "capacity"
	TopicTrade          Topic = "trade"
	TopicIndustry       Topic = "industry"
	TopicAgriculture    Topic = "agriculture"
	TopicDigital        Topic = "digital"
	TopicOther          Topic = "other"
)

// Indicator is a measured quantity with one series per entity.
type Indicator struct {
	ID             string
	Name           Text
	Topic          Topic
	Unit           Text // "Mt", or per language: {"en": "Mt", "ru": "млн т"}
	Description    Text
	Decimals       int  // resolved display precision (from the file or chosen from the data)
	DecimalsSet    bool // the file gave decimals explicitly
	HigherIsBetter bool
	Series         []Series

	// Derived once per dataset.
	First, Last Period // earliest and latest period over all series (0 when empty)
	Min, Max    float64
	NumPoints   int
}

// EntityKind is one of the kinds docs/format.md lists (Entity.kind).
type EntityKind string

const (
	KindUnion    EntityKind = "union"
	KindMember   EntityKind = "member"
	KindObserver EntityKind = "observer"
	KindCountry  EntityKind = "country"
	KindCorridor EntityKind = "corridor"
	KindProject  EntityKind = "project"
	KindRoute    EntityKind = "route"
	KindNode     EntityKind = "node"
)

// Entity is a country, corridor, project, route or rail node.
type Entity struct {
	ID        string
	Name      Text
	Kind      EntityKind
	Members   []string
	Lat, Lon  float64
	HasLatLon bool
	Path      []string
	Note      Text
	Status    LineStatus // of a line (an entity with a path); "" when not given
}

// LineStatus says whether a corridor, route or project runs yet.
type LineStatus string

const (
	InOperation       LineStatus = "in-operation"
	UnderConstruction LineStatus = "under-construction"
	Planned           LineStatus = "planned"
)

// Source is where figures come from.
type Source struct {
	ID        string
	Title     Text
	Publisher string
	Date      Period // 0 when absent
	URL       string
	Note      Text
	Points    int // number of points citing this source (derived)
}

// Participant is one person at an event.
type Participant struct {
	Entity string
	Person string
	Role   Text
}

// Event is a meeting, decision or milestone.
type Event struct {
	Date         Period
	Title        Text
	Place        Text
	Source       int32 // index into Dataset.Sources, -1 when none
	Participants []Participant
}

// PointRef locates a point: Dataset.Indicators[I].Series[S].Points[P].
type PointRef struct{ I, S, P int32 }

// Dataset is a validated, immutable dataset with its derived figures.
// Nothing may modify it after Load returns; sessions share it.
type Dataset struct {
	Title       Text
	Description Text
	Updated     Period // a day period, 0 when absent
	Sources     []Source
	Entities    []Entity
	Indicators  []Indicator
	Events      []Event  // ordered by date
	Notes       []Text   // point notes; index 0 is unused
	Files       []string // the files it was loaded from, in order

	sourceIdx    map[string]int
	entityIdx    map[string]int
	indicatorIdx map[string]int
	bySource     [][]PointRef // points citing each source, in dataset order
}
