package data

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// selectIndicators returns the indicators to export: all of them when id
// is "", else the one named.
func selectIndicators(ds *Dataset, id string) ([]*Indicator, error) {
	if id == "" {
		out := make([]*Indicator, len(ds.Indicators))
		for i := range ds.Indicators {
			out[i] = &ds.Indicators[i]
		}
		return out, nil
	}
	ind, ok := ds.Indicator(id)
	if !ok {
		return nil, fmt.Errorf("no indicator %q in the dataset (see the ids with: validate, or the overview)", id)
	}
	return []*Indicator{ind}, nil
}

// WriteCSV writes the observations as tidy CSV, one point a row, with
// texts in lang. indicatorID "" means every indicator.
func WriteCSV(w io.Writer, ds *Dataset, indicatorID string, lang string) error {
	inds, err := selectIndicators(ds, indicatorID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"indicator", "entity", "period", "value", "unit", "status", "source", "note"}); err != nil {
		return err
	}
	row := make([]string, 8)
	for _, ind := range inds {
		for _, s := range ind.Series {
			for _, p := range s.Points {
				src := ""
				if sp := ds.SourceAt(p.Source); sp != nil {
					src = sp.ID
				}
				row[0], row[1], row[2] = ind.ID, s.Entity, p.Period.String()
				row[3], row[4], row[5] = strconv.FormatFloat(p.Value, 'f', -1, 64), ind.Unit.Get(lang), p.Status.String()
				row[6], row[7] = src, ds.Note(p.Note).Get(lang)
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// The j* types are the file format, field for field, in the order of
// docs/format.md.
type (
	jText     Text
	jDocument struct {
		Format      string       `json:"format"`
		Title       jText        `json:"title"`
		Description jText        `json:"description,omitempty"`
		Updated     string       `json:"updated,omitempty"`
		Sources     []jSource    `json:"sources"`
		Entities    []jEntity    `json:"entities"`
		Indicators  []jIndicator `json:"indicators"`
		Events      []jEvent     `json:"events,omitempty"`
	}
	jSource struct {
		ID        string `json:"id"`
		Title     jText  `json:"title"`
		Publisher string `json:"publisher"`
		Date      string `json:"date,omitempty"`
		URL       string `json:"url,omitempty"`
		Note      jText  `json:"note,omitempty"`
	}
	jEntity struct {
		ID      string   `json:"id"`
		Name    jText    `json:"name"`
		Kind    string   `json:"kind"`
		Members []string `json:"members,omitempty"`
		Lat     *float64 `json:"lat,omitempty"`
		Lon     *float64 `json:"lon,omitempty"`
		Path    []string `json:"path,omitempty"`
		Note    jText    `json:"note,omitempty"`
	}
	jIndicator struct {
		ID             string    `json:"id"`
		Name           jText     `json:"name"`
		Topic          string    `json:"topic"`
		Unit           jText     `json:"unit"`
		Description    jText     `json:"description,omitempty"`
		Decimals       int       `json:"decimals"`
		HigherIsBetter bool      `json:"higher_is_better"`
		Series         []jSeries `json:"series"`
	}
	jSeries struct {
		Entity string   `json:"entity"`
		Points []jPoint `json:"points"`
	}
	jPoint struct {
		Period string  `json:"period"`
		Value  float64 `json:"value"`
		Status string  `json:"status"`
		Source string  `json:"source,omitempty"`
		Note   jText   `json:"note,omitempty"`
	}
	jEvent struct {
		Date         string         `json:"date"`
		Title        jText          `json:"title"`
		Place        jText          `json:"place,omitempty"`
		Source       string         `json:"source,omitempty"`
		Participants []jParticipant `json:"participants,omitempty"`
	}
	jParticipant struct {
		Entity string `json:"entity"`
		Person string `json:"person"`
		Role   jText  `json:"role,omitempty"`
	}
)

// MarshalJSON writes a plain string when the text has no language tags.
func (t jText) MarshalJSON() ([]byte, error) {
	if s, ok := t[""]; ok && len(t) == 1 {
		return json.Marshal(s)
	}
	m := make(map[string]string, len(t))
	for k, v := range t {
		if k == "" {
			k = "en" // a plain string mixed with tags cannot happen in files
		}
		m[k] = v
	}
	return json.Marshal(m)
}

// WriteJSON writes a normalised eaeu-indicators/1 document: every language
// of every text is kept (lang is not used), decimals are written as
// resolved, and with indicatorID != "" only that indicator and the
// sources and entities it references are written.
func WriteJSON(w io.Writer, ds *Dataset, indicatorID string, lang string) error {
	inds, err := selectIndicators(ds, indicatorID)
	if err != nil {
		return err
	}
	all := indicatorID == ""
	srcUsed := make([]bool, len(ds.Sources))
	entUsed := make([]bool, len(ds.Entities))
	var useEntity func(id string)
	useEntity = func(id string) {
		i, ok := ds.entityIdx[id]
		if !ok || entUsed[i] {
			return
		}
		entUsed[i] = true
		for _, m := range ds.Entities[i].Members {
			useEntity(m)
		}
		for _, m := range ds.Entities[i].Path {
			useEntity(m)
		}
	}
	doc := jDocument{Format: FormatV1, Title: jText(ds.Title), Description: jText(ds.Description),
		Sources: []jSource{}, Entities: []jEntity{}}
	if !ds.Updated.IsZero() {
		doc.Updated = ds.Updated.String()
	}
	for _, ind := range inds {
		ji := jIndicator{ID: ind.ID, Name: jText(ind.Name), Topic: string(ind.Topic), Unit: jText(ind.Unit),
			Description: jText(ind.Description), Decimals: ind.Decimals, HigherIsBetter: ind.HigherIsBetter}
		for _, s := range ind.Series {
			useEntity(s.Entity)
			js := jSeries{Entity: s.Entity, Points: make([]jPoint, len(s.Points))}
			for k, p := range s.Points {
				jp := jPoint{Period: p.Period.String(), Value: p.Value, Status: p.Status.String(), Note: jText(ds.Note(p.Note))}
				if p.Source >= 0 {
					srcUsed[p.Source] = true
					jp.Source = ds.Sources[p.Source].ID
				}
				js.Points[k] = jp
			}
			ji.Series = append(ji.Series, js)
		}
		doc.Indicators = append(doc.Indicators, ji)
	}
	if all {
		for _, e := range ds.Events {
			je := jEvent{Date: e.Date.String(), Title: jText(e.Title), Place: jText(e.Place)}
			if e.Source >= 0 {
				je.Source = ds.Sources[e.Source].ID
			}
			for _, p := range e.Participants {
				je.Participants = append(je.Participants, jParticipant{Entity: p.Entity, Person: p.Person, Role: jText(p.Role)})
			}
			doc.Events = append(doc.Events, je)
		}
	}
	for i, s := range ds.Sources {
		if !all && !srcUsed[i] {
			continue
		}
		js := jSource{ID: s.ID, Title: jText(s.Title), Publisher: s.Publisher, URL: s.URL, Note: jText(s.Note)}
		if !s.Date.IsZero() {
			js.Date = s.Date.String()
		}
		doc.Sources = append(doc.Sources, js)
	}
	for i, e := range ds.Entities {
		if !all && !entUsed[i] {
			continue
		}
		je := jEntity{ID: e.ID, Name: jText(e.Name), Kind: string(e.Kind), Members: e.Members, Path: e.Path, Note: jText(e.Note)}
		if e.HasLatLon {
			lat, lon := e.Lat, e.Lon
			je.Lat, je.Lon = &lat, &lon
		}
		doc.Entities = append(doc.Entities, je)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
