package ui

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/chart"
)

// topicOrder is the order of the topic groups on the overview.
var topicOrder = [...]data.Topic{
	data.TopicTransit, data.TopicInfrastructure, data.TopicSpeed, data.TopicCapacity,
	data.TopicTrade, data.TopicIndustry, data.TopicAgriculture, data.TopicDigital, data.TopicOther,
}

// dsView is everything the UI derives from one dataset in one language,
// built once when the dataset arrives. It is read-only afterwards.
type dsView struct {
	ds   *data.Dataset
	lang string

	title   string
	indIdx  map[string]int
	indName []string // per indicator
	indUnit []string // per indicator, in the language
	unitW   int      // the widest of indUnit (the table's unit column)
	entName []string // per entity
	entIdx  map[string]int
	srcName []string // per source

	cards      []int    // indicator indices in card order (grouped by topic)
	cardIDs    []string // their ids
	cardTopics []data.Topic

	// The overview's card grid for each number of columns, and its rows
	// for each card height: the same for every session, so built here
	// rather than kept by each.
	grids    [maxCardCols][][]int
	cardRows [maxCardCols][2][]cardRow // [cols-1][compact 0, full 1]

	bySource [][]data.PointRef // points citing each source

	// Table: all points in dataset order, and rank tables for sorting.
	rows     []data.PointRef
	indRank  []int // indicator index -> rank of its name
	entRank  []int // entity index -> rank of its name
	srcRank  []int // source index -> rank of its title (-1 source: first)
	unitRank []int // indicator index -> rank of its unit
	logOK    []bool
	extFrom  []int64 // per indicator extent, Unix seconds
	extTo    []int64
	minSpan  []int64 // per indicator, seconds (chart.MinSpan)
	sparks   []spark // per indicator: the results of the series its card shows
}

func newDSView(ds *data.Dataset, lang string) *dsView {
	v := &dsView{ds: ds, lang: lang, indIdx: map[string]int{}, entIdx: map[string]int{}}
	if ds == nil {
		ds = &data.Dataset{}
		v.ds = ds
	}
	v.title = txt(ds.Title, lang)
	if v.title == "" {
		v.title = textsFor(lang).defaultTitle
	}
	v.indName = make([]string, len(ds.Indicators))
	for i := range ds.Indicators {
		ind := &ds.Indicators[i]
		v.indIdx[ind.ID] = i
		v.indName[i] = txtOr(ind.Name, lang, ind.ID)
	}
	v.entName = make([]string, len(ds.Entities))
	for i := range ds.Entities {
		e := &ds.Entities[i]
		v.entIdx[e.ID] = i
		v.entName[i] = txtOr(e.Name, lang, e.ID)
	}
	v.srcName = make([]string, len(ds.Sources))
	for i := range ds.Sources {
		v.srcName[i] = txtOr(ds.Sources[i].Title, lang, ds.Sources[i].ID)
	}

	v.cards, v.cardIDs, v.cardTopics = cardOrder(ds)
	for c := 1; c <= maxCardCols; c++ {
		g := cardGrid(v.cardTopics, c)
		v.grids[c-1] = g
		v.cardRows[c-1][0] = gridRows(g, v.cardTopics, cardCompactH)
		v.cardRows[c-1][1] = gridRows(g, v.cardTopics, cardFullH)
	}

	n := 0
	for i := range ds.Indicators {
		for s := range ds.Indicators[i].Series {
			n += len(ds.Indicators[i].Series[s].Points)
		}
	}
	v.rows = make([]data.PointRef, 0, n)
	v.bySource = make([][]data.PointRef, len(ds.Sources))
	v.logOK = make([]bool, len(ds.Indicators))
	v.extFrom = make([]int64, len(ds.Indicators))
	v.extTo = make([]int64, len(ds.Indicators))
	v.minSpan = make([]int64, len(ds.Indicators))
	v.sparks = make([]spark, len(ds.Indicators))
	for i := range ds.Indicators {
		ind := &ds.Indicators[i]
		ok := true
		for s := range ind.Series {
			pts := ind.Series[s].Points
			for p := range pts {
				pt := &pts[p]
				ref := data.PointRef{I: int32(i), S: int32(s), P: int32(p)}
				v.rows = append(v.rows, ref)
				if pt.Source >= 0 && int(pt.Source) < len(v.bySource) {
					v.bySource[pt.Source] = append(v.bySource[pt.Source], ref)
				}
				if !(pt.Value > 0) || math.IsInf(pt.Value, 0) {
					ok = false
				}
			}
		}
		v.logOK[i] = ok && hasPoints(ind)
		// The chart's own default range, so that zooming from "whole"
		// starts from what is on screen.
		if from, to := chart.Extent(ind); !from.IsZero() {
			v.extFrom[i], v.extTo[i] = from.Unix(), to.Unix()
		}
		v.minSpan[i] = int64(chart.MinSpan(ind) / time.Second)
		if ser := headlineSeries(ind); ser != nil {
			sp := &v.sparks[i]
			for _, pt := range ser.Points {
				if pt.Status.IsResult() {
					if sp.first.IsZero() {
						sp.first = pt.Period
					}
					sp.last = pt.Period
					sp.values = append(sp.values, pt.Value)
				}
			}
		}
	}

	v.indRank = rankStrings(v.indName)
	v.entRank = rankStrings(v.entName)
	v.srcRank = rankStrings(v.srcName)
	v.indUnit = make([]string, len(ds.Indicators))
	for i := range ds.Indicators {
		v.indUnit[i] = ds.Indicators[i].Unit.Get(lang)
		v.unitW = max(v.unitW, strWidth(v.indUnit[i]))
	}
	v.unitRank = rankStrings(v.indUnit)
	return v
}

// cardOrder is the order of the overview's cards: known topics in order,
// then any unknown topic, dataset order inside; per card its indicator's
// index, id and topic.
func cardOrder(ds *data.Dataset) (cards []int, ids []string, topics []data.Topic) {
	seen := map[data.Topic]bool{}
	addTopic := func(t data.Topic) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range ds.Indicators {
			if ds.Indicators[i].Topic == t {
				cards = append(cards, i)
				ids = append(ids, ds.Indicators[i].ID)
				topics = append(topics, t)
			}
		}
	}
	for _, t := range topicOrder {
		addTopic(t)
	}
	for i := range ds.Indicators {
		addTopic(ds.Indicators[i].Topic)
	}
	return cards, ids, topics
}

// spark is what a KPI card's sparkline draws: result values in time order
// and the periods of the first and last.
type spark struct {
	values      []float64
	first, last data.Period
}

func hasPoints(ind *data.Indicator) bool {
	for _, s := range ind.Series {
		if len(s.Points) > 0 {
			return true
		}
	}
	return false
}

// rankStrings gives each string its position in case-insensitive order.
func rankStrings(ss []string) []int {
	idx := make([]int, len(ss))
	for i := range idx {
		idx[i] = i
	}
	low := make([]string, len(ss))
	for i, s := range ss {
		low[i] = strings.ToLower(s)
	}
	sort.SliceStable(idx, func(a, b int) bool { return low[idx[a]] < low[idx[b]] })
	rank := make([]int, len(ss))
	for r, i := range idx {
		rank[i] = r
	}
	return rank
}

func (v *dsView) indicator(id string) (*data.Indicator, int) {
	i, ok := v.indIdx[id]
	if !ok {
		return nil, -1
	}
	return &v.ds.Indicators[i], i
}

func (v *dsView) point(r data.PointRef) (*data.Indicator, *data.Series, *data.Point) {
	ind := &v.ds.Indicators[r.I]
	s := &ind.Series[r.S]
	return ind, s, &s.Points[r.P]
}

func (v *dsView) entityName(s *data.Series) string {
	if s.EntityIdx >= 0 && s.EntityIdx < len(v.entName) && v.ds.Entities[s.EntityIdx].ID == s.Entity {
		return v.entName[s.EntityIdx]
	}
	if i, ok := v.entIdx[s.Entity]; ok {
		return v.entName[i]
	}
	return s.Entity
}

func (v *dsView) entityIndex(id string) int {
	if i, ok := v.entIdx[id]; ok {
		return i
	}
	return -1
}

func (v *dsView) source(i int32) *data.Source { return v.ds.SourceAt(i) }

func (v *dsView) sourceName(i int32) string {
	if i < 0 || int(i) >= len(v.srcName) {
		return ""
	}
	return v.srcName[i]
}

func (v *dsView) note(i int32) string {
	return txt(v.ds.Note(i), v.lang)
}

// extent of indicator i as Unix seconds (0, 0 when it has no points).
func (v *dsView) extent(i int) (int64, int64) {
	if i < 0 || i >= len(v.extFrom) {
		return 0, 0
	}
	return v.extFrom[i], v.extTo[i]
}

// timeRange turns a State range into times for the chart (zero: whole).
func timeRange(from, to int64) (time.Time, time.Time) {
	if from == 0 && to == 0 || from >= to {
		return time.Time{}, time.Time{}
	}
	return time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC()
}

// eventTarget is where enter on ev leads: its source (-1 when none) and,
// when the points citing that source all belong to one indicator, that
// indicator's id.
func (v *dsView) eventTarget(ev *data.Event) (src int, indicator string) {
	if ev.Source < 0 || int(ev.Source) >= len(v.bySource) {
		return -1, ""
	}
	src = int(ev.Source)
	if len(v.bySource[src]) == 0 {
		return -1, "" // its source backs no figure: nothing to open
	}
	for _, r := range v.bySource[src] {
		id := v.ds.Indicators[r.I].ID
		if indicator != "" && id != indicator {
			return src, ""
		}
		indicator = id
	}
	return src, indicator
}

// unit is ind's unit in the view's language (ind is one of its dataset's).
func (v *dsView) unit(ind *data.Indicator) string {
	if i, ok := v.indIdx[ind.ID]; ok && i < len(v.indUnit) {
		return v.indUnit[i]
	}
	return ind.Unit.Get(v.lang)
}
