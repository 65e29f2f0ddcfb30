package data

import (
	"strconv"
)

// document decodes one whole file into the loader's dataset.
func (d *decoder) document() {
	if len(d.buf) >= 3 && d.buf[0] == 0xEF && d.buf[1] == 0xBB && d.buf[2] == 0xBF {
		d.pos = 3 // a UTF-8 byte order mark
	}
	d.ws()
	switch d.peek() {
	case '{':
	case '[':
		d.syntax(d.pos, "the document is an array; want an object {\"format\": \""+FormatV1+"\", \"title\": ..., \"indicators\": [...]}")
	case 0:
		if d.pos >= len(d.buf) {
			d.syntax(d.pos, "the file is empty; want an object {\"format\": \""+FormatV1+"\", ...}")
		}
		d.unexpected("an object")
	default:
		d.checkValueStart()
		d.syntax(d.pos, "the document is "+d.kindName()+"; want an object {\"format\": \""+FormatV1+"\", ...}")
	}
	off, _ := d.objStart("")
	var f fieldSet
	ds := d.l.ds
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "$schema":
			if d.field(&f, 0, "$schema", koff) {
				d.str("$schema")
			}
		case "format":
			if d.field(&f, 1, "format", koff) {
				s, soff, ok := d.str("format")
				if ok && string(s) != FormatV1 {
					d.errAt(soff, "format", quote(string(s))+" is not a format this version reads (want \""+FormatV1+"\")")
				}
			}
		case "title":
			if d.field(&f, 2, "title", koff) {
				t, _ := d.text("title")
				if ds.Title == nil {
					ds.Title = t
				}
			}
		case "description":
			if d.field(&f, 3, "description", koff) {
				t, _ := d.text("description")
				if ds.Description == nil {
					ds.Description = t
				}
			}
		case "updated":
			if d.field(&f, 4, "updated", koff) {
				if p, ok := d.date("updated"); ok && p > ds.Updated {
					ds.Updated = p
				}
			}
		case "sources":
			if d.field(&f, 5, "sources", koff) {
				d.array("sources", d.source)
			}
		case "entities":
			if d.field(&f, 6, "entities", koff) {
				d.array("entities", d.entity)
			}
		case "indicators":
			if d.field(&f, 7, "indicators", koff) {
				if d.array("indicators", d.indicator) == 0 {
					d.errAt(koff, "indicators", "no indicators (a file needs at least one)")
				}
			}
		case "events":
			if d.field(&f, 8, "events", koff) {
				d.array("events", d.event)
			}
		default:
			d.unknownField(key, koff, documentFields)
		}
	}
	d.required(&f, off, documentFields, 1, 2, 5, 6, 7)
	d.ws()
	if d.pos < len(d.buf) {
		d.syntax(d.pos, "unexpected content after the end of the document (a file holds one JSON object)")
	}
}

// array decodes an array whose elements elem reads; it returns the number
// of elements (-1 when the value is not an array).
func (d *decoder) array(field string, elem func(i int)) int {
	if _, ok := d.arrStart(field); !ok {
		return -1
	}
	d.push(field)
	d.pushIdx(0)
	n := 0
	for ; d.nextElem(n); n++ {
		d.setIdx(n)
		d.ws()
		elem(n)
	}
	d.pop()
	d.pop()
	return n
}

// ids: a definition of an id that is already defined is reported with the
// first definition's position.
func (d *decoder) define(kind string, idx map[string]int, defs *[]defPos, id string, off int, n int) {
	if i, dup := idx[id]; dup {
		first := (*defs)[i]
		d.errRef(off, "id", kind+" id "+quote(id)+" is already defined at ", first.file, first.off, " (ids must be unique; rename or remove one)")
	} else {
		idx[id] = n
	}
	*defs = append(*defs, defPos{d.file, off})
}

func (d *decoder) source(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	var f fieldSet
	var s Source
	var id string
	idOff := -1
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "id":
			if d.field(&f, 0, "id", koff) {
				if b, boff, ok := d.str("id"); ok {
					if !isSlug(b) {
						d.errAt(boff, "id", quote(string(b))+" is not a valid source id (use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit)")
					}
					id, idOff = string(b), boff
				}
			}
		case "title":
			if d.field(&f, 1, "title", koff) {
				s.Title, _ = d.text("title")
			}
		case "publisher":
			if d.field(&f, 2, "publisher", koff) {
				b, _, _ := d.nonEmptyStr("publisher")
				s.Publisher = string(b)
			}
		case "date":
			if d.field(&f, 3, "date", koff) {
				s.Date, _ = d.date("date")
			}
		case "url":
			if d.field(&f, 4, "url", koff) {
				b, _, _ := d.nonEmptyStr("url")
				s.URL = string(b)
			}
		case "note":
			if d.field(&f, 5, "note", koff) {
				s.Note, _ = d.text("note")
			}
		default:
			d.unknownField(key, koff, sourceFields)
		}
	}
	d.required(&f, off, sourceFields, 0, 1, 2)
	s.ID = id
	ds := d.l.ds
	if idOff >= 0 {
		d.define("source", ds.sourceIdx, &d.l.srcDef, id, idOff, len(ds.Sources))
	} else {
		d.l.srcDef = append(d.l.srcDef, defPos{d.file, off})
	}
	ds.Sources = append(ds.Sources, s)
}

func (d *decoder) entity(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	var f fieldSet
	var e Entity
	idOff, kindOff := -1, -1
	badID := false
	hasLat, hasLon := false, false
	var members, path []string
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "id":
			if d.field(&f, 0, "id", koff) {
				if b, boff, ok := d.str("id"); ok {
					if !isEntityID(b) {
						d.errAt(boff, "id", quote(string(b))+" is not a valid entity id (use letters, digits, '.', '_' and '-', starting with a letter or digit)")
						badID = true
					}
					e.ID, idOff = string(b), boff
				}
			}
		case "name":
			if d.field(&f, 1, "name", koff) {
				e.Name, _ = d.text("name")
			}
		case "kind":
			if d.field(&f, 2, "kind", koff) {
				if b, boff, ok := d.str("kind"); ok {
					if !inList(string(b), kindList) {
						d.errAt(boff, "kind", quote(string(b))+" is not an entity kind (want "+orList(kindList)+")")
					} else {
						e.Kind, kindOff = EntityKind(b), boff
					}
				}
			}
		case "members":
			if d.field(&f, 3, "members", koff) {
				members = d.idList("members", refMember)
			}
		case "lat":
			if d.field(&f, 4, "lat", koff) {
				if v, _, voff, ok := d.num("lat"); ok {
					if v < -90 || v > 90 {
						d.errAt(voff, "lat", "latitude "+strconv.FormatFloat(v, 'f', -1, 64)+" is out of range (want -90..90)")
					}
					e.Lat, hasLat = v, true
				}
			}
		case "lon":
			if d.field(&f, 5, "lon", koff) {
				if v, _, voff, ok := d.num("lon"); ok {
					if v < -180 || v > 180 {
						d.errAt(voff, "lon", "longitude "+strconv.FormatFloat(v, 'f', -1, 64)+" is out of range (want -180..180)")
					}
					e.Lon, hasLon = v, true
				}
			}
		case "path":
			if d.field(&f, 6, "path", koff) {
				path = d.idList("path", refPathNode)
			}
		case "note":
			if d.field(&f, 7, "note", koff) {
				e.Note, _ = d.text("note")
			}
		default:
			d.unknownField(key, koff, entityFields)
		}
	}
	d.required(&f, off, entityFields, 0, 1, 2)
	if f.has(4) != f.has(5) {
		missing := "lon"
		if !f.has(4) {
			missing = "lat"
		}
		d.errAt(off, "", "missing field \""+missing+"\" (give both lat and lon, or neither)")
	}
	e.HasLatLon = hasLat && hasLon
	e.Members, e.Path = members, path
	if idOff >= 0 && kindOff >= 0 && !badID {
		switch e.Kind {
		case KindMember, KindObserver, KindCountry:
			if !isCountryCode(e.ID) {
				d.errAt(idOff, "id", quote(e.ID)+" is not an ISO 3166-1 alpha-2 code (a "+string(e.Kind)+" id is two capital letters, e.g. \"KZ\")")
			}
		}
	}
	ds := d.l.ds
	if idOff >= 0 {
		d.define("entity", ds.entityIdx, &d.l.entDef, e.ID, idOff, len(ds.Entities))
	} else {
		d.l.entDef = append(d.l.entDef, defPos{d.file, off})
	}
	ds.Entities = append(ds.Entities, e)
}

// idList reads an array of entity ids whose references are checked once
// every file is read.
func (d *decoder) idList(field string, target refTarget) []string {
	var ids []string
	d.array(field, func(int) {
		if b, boff, ok := d.str(""); ok {
			ids = append(ids, string(b))
			d.l.refs = append(d.l.refs, ref{target: target, name: string(b), file: d.file, off: boff, path: d.pathString(""), a: -1})
		}
	})
	return ids
}

func (d *decoder) indicator(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	ds := d.l.ds
	gi := len(ds.Indicators)
	ds.Indicators = append(ds.Indicators, Indicator{HigherIsBetter: true})
	var f fieldSet
	var ind Indicator
	ind.HigherIsBetter = true
	idOff := -1
	maxDec := 0
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "id":
			if d.field(&f, 0, "id", koff) {
				if b, boff, ok := d.str("id"); ok {
					if !isSlug(b) {
						d.errAt(boff, "id", quote(string(b))+" is not a valid indicator id (use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit)")
					}
					ind.ID, idOff = string(b), boff
				}
			}
		case "name":
			if d.field(&f, 1, "name", koff) {
				ind.Name, _ = d.text("name")
			}
		case "topic":
			if d.field(&f, 2, "topic", koff) {
				if b, boff, ok := d.str("topic"); ok {
					if !inList(string(b), topicList) {
						d.errAt(boff, "topic", quote(string(b))+" is not a topic (want "+orList(topicList)+")")
					} else {
						ind.Topic = Topic(b)
					}
				}
			}
		case "unit":
			if d.field(&f, 3, "unit", koff) {
				b, _, _ := d.nonEmptyStr("unit")
				ind.Unit = string(b)
			}
		case "description":
			if d.field(&f, 4, "description", koff) {
				ind.Description, _ = d.text("description")
			}
		case "decimals":
			if d.field(&f, 5, "decimals", koff) {
				if v, _, voff, ok := d.num("decimals"); ok {
					if v != float64(int(v)) || v < 0 || v > 6 {
						d.errAt(voff, "decimals", "decimals must be a whole number from 0 to 6, not "+string(d.buf[voff:d.pos]))
					} else {
						ind.Decimals, ind.DecimalsSet = int(v), true
					}
				}
			}
		case "higher_is_better":
			if d.field(&f, 6, "higher_is_better", koff) {
				ind.HigherIsBetter, _ = d.boolean("higher_is_better")
			}
		case "series":
			if d.field(&f, 7, "series", koff) {
				var entOffs []int
				cnt := d.array("series", func(int) {
					d.series(gi, &ind, &entOffs, &maxDec)
				})
				if cnt == 0 {
					d.errAt(koff, "series", "no series (an indicator needs at least one)")
				}
			}
		default:
			d.unknownField(key, koff, indicatorFields)
		}
	}
	d.required(&f, off, indicatorFields, 0, 1, 2, 3, 7)
	if !ind.DecimalsSet {
		ind.Decimals = min(maxDec, 2)
	}
	if idOff >= 0 {
		d.define("indicator", ds.indicatorIdx, &d.l.indDef, ind.ID, idOff, gi)
	} else {
		d.l.indDef = append(d.l.indDef, defPos{d.file, off})
	}
	ds.Indicators[gi] = ind
}

func (d *decoder) series(gi int, ind *Indicator, entOffs *[]int, maxDec *int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	si := len(ind.Series)
	ind.Series = append(ind.Series, Series{EntityIdx: -1})
	var f fieldSet
	var s Series
	s.EntityIdx = -1
	entOff := -1
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "entity":
			if d.field(&f, 0, "entity", koff) {
				if b, boff, ok := d.str("entity"); ok {
					s.Entity, entOff = string(b), boff
				}
			}
		case "points":
			if d.field(&f, 1, "points", koff) {
				s.Points = d.points(gi, si, maxDec, koff)
			}
		default:
			d.unknownField(key, koff, seriesFields)
		}
	}
	d.required(&f, off, seriesFields, 0, 1)
	if entOff >= 0 {
		for i, o := range *entOffs {
			if o >= 0 && ind.Series[i].Entity == s.Entity {
				d.errRef(entOff, "entity", "a second series for entity "+quote(s.Entity)+" (the first is at ", d.file, o, "; merge the points into one series)")
				break
			}
		}
		if i, ok := d.l.ds.entityIdx[s.Entity]; ok {
			s.EntityIdx = i
		} else {
			d.l.refs = append(d.l.refs, ref{target: refSeriesEntity, name: s.Entity, file: d.file, off: entOff, path: d.pathString("entity"), a: gi, b: si})
		}
	}
	*entOffs = append(*entOffs, entOff)
	ind.Series[si] = s
}

// points decodes a series' points, checking their order. It is the hot
// loop of a large file.
func (d *decoder) points(gi, si int, maxDec *int, koff int) []Point {
	if _, ok := d.arrStart("points"); !ok {
		return nil
	}
	// Points collect in a scratch slice reused across series, then move
	// to a slice of the exact size: no growth garbage in a large file.
	pts := d.scratch[:0]
	d.push("points")
	d.pushIdx(0)
	ds := d.l.ds
	n := 0
	for ; d.nextElem(n); n++ {
		d.setIdx(n)
		d.ws()
		off, ok := d.objStart("")
		if !ok {
			continue
		}
		var f fieldSet
		p := Point{Source: -1}
		valid := true
		perOff := -1
		srcOff := -1
		var srcName []byte
		for k := 0; ; k++ {
			key, koff, more := d.nextKey(k)
			if !more {
				break
			}
			switch string(key) {
			case "period":
				if !d.field(&f, 0, "period", koff) {
					continue
				}
				b, boff, ok := d.str("period")
				if !ok {
					valid = false
					continue
				}
				per, ok := ParsePeriod(bstr(b))
				if !ok {
					d.errAt(boff, "period", quote(string(b))+" is not a valid period (want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)")
					valid = false
					continue
				}
				p.Period, perOff = per, boff
			case "value":
				if !d.field(&f, 1, "value", koff) {
					continue
				}
				v, dec, _, ok := d.num("value")
				if !ok {
					valid = false
					continue
				}
				p.Value = v
				if dec > *maxDec {
					*maxDec = dec
				}
			case "status":
				if !d.field(&f, 2, "status", koff) {
					continue
				}
				b, boff, ok := d.str("status")
				if !ok {
					valid = false
					continue
				}
				switch string(b) {
				case "actual":
					p.Status = Actual
				case "estimate":
					p.Status = Estimate
				case "plan":
					p.Status = Plan
				case "target":
					p.Status = Target
				default:
					d.errAt(boff, "status", quote(string(b))+" is not a status (want actual, estimate, plan or target)")
					valid = false
				}
			case "source":
				if !d.field(&f, 3, "source", koff) {
					continue
				}
				b, boff, ok := d.str("source")
				if !ok {
					continue
				}
				if d.lastSrcOK && string(b) == d.lastSrc {
					p.Source = d.lastSrcIdx // consecutive points often cite one source
				} else if i, ok := ds.sourceIdx[string(b)]; ok {
					p.Source = int32(i)
					d.lastSrc, d.lastSrcIdx, d.lastSrcOK = ds.Sources[i].ID, int32(i), true
				} else {
					srcName, srcOff = b, boff
				}
			case "note":
				if !d.field(&f, 4, "note", koff) {
					continue
				}
				if t, ok := d.text("note"); ok {
					p.Note = int32(len(ds.Notes))
					ds.Notes = append(ds.Notes, t)
				}
			default:
				d.unknownField(key, koff, pointFields)
			}
		}
		if f.mask&7 != 7 {
			d.required(&f, off, pointFields, 0, 1, 2)
			valid = false
		}
		pi := -1
		if valid {
			if m := len(pts); m > 0 {
				d.checkOrder(pts, p, perOff)
			}
			pi = len(pts)
			pts = append(pts, p)
		}
		if srcOff >= 0 {
			d.l.refs = append(d.l.refs, ref{target: refPointSource, name: string(srcName), file: d.file, off: srcOff, path: d.pathString("source"), a: gi, b: si, c: pi})
		}
	}
	d.pop()
	d.pop()
	if n == 0 {
		d.errAt(koff, "points", "no points (a series needs at least one)")
	}
	d.scratch = pts[:0]
	if len(pts) == 0 {
		return nil
	}
	return append([]Point(nil), pts...)
}

// checkOrder reports p when it starts before the last point, or repeats
// the period and status of an earlier point.
func (d *decoder) checkOrder(pts []Point, p Point, off int) {
	last := pts[len(pts)-1]
	start := p.Period >> 2
	if last.Period>>2 > start {
		d.errAt(off, "period", "period "+strconv.Quote(p.Period.String())+" starts before the previous point's "+strconv.Quote(last.Period.String())+" (order points by period)")
		return
	}
	for j := len(pts) - 1; j >= 0 && pts[j].Period>>2 == start; j-- {
		if pts[j].Period == p.Period && pts[j].Status == p.Status {
			d.errAt(off, "period", "a second "+strconv.Quote(p.Status.String())+" point for period "+strconv.Quote(p.Period.String())+" (two points may share a period only if their statuses differ)")
			return
		}
	}
}

func (d *decoder) event(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	ds := d.l.ds
	ei := len(ds.Events)
	ds.Events = append(ds.Events, Event{Source: -1})
	var f fieldSet
	e := Event{Source: -1}
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "date":
			if d.field(&f, 0, "date", koff) {
				e.Date, _ = d.date("date")
			}
		case "title":
			if d.field(&f, 1, "title", koff) {
				e.Title, _ = d.text("title")
			}
		case "place":
			if d.field(&f, 2, "place", koff) {
				e.Place, _ = d.text("place")
			}
		case "source":
			if d.field(&f, 3, "source", koff) {
				if b, boff, ok := d.str("source"); ok {
					d.l.refs = append(d.l.refs, ref{target: refEventSource, name: string(b), file: d.file, off: boff, path: d.pathString("source"), a: ei})
				}
			}
		case "participants":
			if d.field(&f, 4, "participants", koff) {
				d.array("participants", func(int) {
					if p, ok := d.participant(); ok {
						e.Participants = append(e.Participants, p)
					}
				})
			}
		default:
			d.unknownField(key, koff, eventFields)
		}
	}
	d.required(&f, off, eventFields, 0, 1)
	ds.Events[ei] = e
}

func (d *decoder) participant() (Participant, bool) {
	off, ok := d.objStart("")
	if !ok {
		return Participant{}, false
	}
	var f fieldSet
	var p Participant
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			break
		}
		switch string(key) {
		case "entity":
			if d.field(&f, 0, "entity", koff) {
				if b, boff, ok := d.str("entity"); ok {
					p.Entity = string(b)
					d.l.refs = append(d.l.refs, ref{target: refParticipant, name: p.Entity, file: d.file, off: boff, path: d.pathString("entity"), a: -1})
				}
			}
		case "person":
			if d.field(&f, 1, "person", koff) {
				b, _, _ := d.nonEmptyStr("person")
				p.Person = string(b)
			}
		case "role":
			if d.field(&f, 2, "role", koff) {
				p.Role, _ = d.text("role")
			}
		default:
			d.unknownField(key, koff, participantFields)
		}
	}
	d.required(&f, off, participantFields, 0, 1)
	return p, true
}

// String is the status as written in files.
func (s Status) String() string {
	switch s {
	case Actual:
		return "actual"
	case Estimate:
		return "estimate"
	case Plan:
		return "plan"
	case Target:
		return "target"
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// ParseStatus reads a status as written in files.
func ParseStatus(s string) (Status, bool) {
	for st := Actual; st <= Target; st++ {
		if s == st.String() {
			return st, true
		}
	}
	return 0, false
}
