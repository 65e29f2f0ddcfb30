package data

import (
	"fmt"
	"sort"
)

// Indicator finds an indicator by id.
func (ds *Dataset) Indicator(id string) (*Indicator, bool) {
	i, ok := ds.indicatorIdx[id]
	if !ok {
		return nil, false
	}
	return &ds.Indicators[i], true
}

// Entity finds an entity by id.
func (ds *Dataset) Entity(id string) (*Entity, bool) {
	i, ok := ds.entityIdx[id]
	if !ok {
		return nil, false
	}
	return &ds.Entities[i], true
}

// Source finds a source by id.
func (ds *Dataset) Source(id string) (*Source, bool) {
	i, ok := ds.sourceIdx[id]
	if !ok {
		return nil, false
	}
	return &ds.Sources[i], true
}

// SourceAt returns the source at index i (Point.Source, Event.Source), or
// nil for -1 or an index out of range.
func (ds *Dataset) SourceAt(i int32) *Source {
	if i < 0 || int(i) >= len(ds.Sources) {
		return nil
	}
	return &ds.Sources[i]
}

// Note returns the note at index i (Point.Note); nil for 0 (no note).
func (ds *Dataset) Note(i int32) Text {
	if i <= 0 || int(i) >= len(ds.Notes) {
		return nil
	}
	return ds.Notes[i]
}

// PointsOf lists the points citing the source at index sourceIndex, in
// dataset order. The slice is shared: do not modify it.
func (ds *Dataset) PointsOf(sourceIndex int) []PointRef {
	if sourceIndex < 0 || sourceIndex >= len(ds.bySource) {
		return nil
	}
	return ds.bySource[sourceIndex]
}

// Point returns the point a PointRef locates.
func (ds *Dataset) Point(r PointRef) (*Indicator, *Series, Point) {
	ind := &ds.Indicators[r.I]
	ser := &ind.Series[r.S]
	return ind, ser, ser.Points[r.P]
}

// Summary is "N indicators, N series, N points, N sources".
func (ds *Dataset) Summary() string {
	series, points := 0, 0
	for i := range ds.Indicators {
		series += len(ds.Indicators[i].Series)
		points += ds.Indicators[i].NumPoints
	}
	return fmt.Sprintf("%s, %d series, %s, %s", plural(len(ds.Indicators), "indicator"), series, plural(points, "point"), plural(len(ds.Sources), "source"))
}

// Get returns the text in lang, else in "en", else the plain string, else
// the language that sorts first.
func (t Text) Get(lang string) string {
	if len(t) == 0 {
		return ""
	}
	if s, ok := t[lang]; ok {
		return s
	}
	if s, ok := t["en"]; ok {
		return s
	}
	if s, ok := t[""]; ok {
		return s
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return t[keys[0]]
}

// plural is "1 point" or "2 points".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
