package data

import (
	"strconv"
)

// str reads a string value. A value of another type is reported and
// skipped (ok false).
func (d *decoder) str(field string) (s []byte, off int, ok bool) {
	off = d.pos
	if d.peek() != '"' {
		d.checkValueStart()
		d.wrongType(field, "a string")
		return nil, off, false
	}
	return d.readString(), off, true
}

// nonEmptyStr is str that also rejects "".
func (d *decoder) nonEmptyStr(field string) (s []byte, off int, ok bool) {
	s, off, ok = d.str(field)
	if ok && len(s) == 0 {
		d.errAt(off, field, "is empty (write a value, or remove the field if it is optional)")
		ok = false
	}
	return s, off, ok
}

// num reads a finite number.
func (d *decoder) num(field string) (v float64, decimals, off int, ok bool) {
	off = d.pos
	c := d.peek()
	if c != '-' && (c < '0' || c > '9') {
		d.checkValueStart()
		d.wrongType(field, "a number")
		return 0, 0, off, false
	}
	v, finite, decimals := d.readNumber()
	if !finite {
		d.errAt(off, field, "number "+quote(string(d.buf[off:d.pos]))+" is too large (values must be finite numbers)")
		return 0, 0, off, false
	}
	return v, decimals, off, true
}

// boolean reads true or false.
func (d *decoder) boolean(field string) (bool, bool) {
	switch d.peek() {
	case 't':
		d.literal("true")
		return true, true
	case 'f':
		d.literal("false")
		return false, true
	}
	d.checkValueStart()
	d.wrongType(field, "true or false")
	return false, false
}

// date reads a YYYY-MM-DD string.
func (d *decoder) date(field string) (Period, bool) {
	s, off, ok := d.str(field)
	if !ok {
		return 0, false
	}
	p, ok := ParseDate(bstr(s))
	if !ok {
		d.errAt(off, field, quote(string(s))+" is not a valid date (want YYYY-MM-DD)")
	}
	return p, ok
}

// text reads a plain string or an object of language tags to strings.
func (d *decoder) text(field string) (Text, bool) {
	off := d.pos
	switch d.peek() {
	case '"':
		s := d.readString()
		if len(s) == 0 {
			d.errAt(off, field, "text is empty (write the text, or remove the field if it is optional)")
			return nil, false
		}
		return Text{"": string(s)}, true
	case '{':
	default:
		d.checkValueStart()
		d.wrongType(field, "a string or an object of language tags to strings")
		return nil, false
	}
	d.enter()
	d.pos++
	d.push(field)
	t := Text{}
	// The languages seen so far and where, for duplicates: a text has a
	// few, so a list on the stack rather than a map per text (the
	// embedded dataset has hundreds of texts; BENCHMARKS.md, "Start-up").
	var seenBuf [4]langAt
	seen := seenBuf[:0]
	ok := true
	n := 0
	for ; ; n++ {
		key, koff, more := d.nextKey(n)
		if !more {
			break
		}
		k := langKey(key)
		if !isLangTag(k) {
			d.errAt(koff, k, quote(k)+" is not a language tag (use e.g. \"en\", \"ru\", \"kk\", \"zh-Hans\")")
			d.skip()
			ok = false
			continue
		}
		if first, dup := seenAt(seen, k); dup {
			d.errRef(koff, k, "duplicate language "+strconv.Quote(k)+" (also at ", d.file, first, "; remove one)")
			d.skip()
			ok = false
			continue
		}
		seen = append(seen, langAt{k, koff})
		voff := d.pos
		if d.peek() != '"' {
			d.checkValueStart()
			d.wrongType(k, "a string")
			ok = false
			continue
		}
		v := d.readString()
		if len(v) == 0 {
			d.errAt(voff, k, "text is empty (write the text, or remove the language)")
			ok = false
			continue
		}
		t[k] = string(v)
	}
	d.pop()
	if n == 0 {
		d.errAt(off, field, "text has no languages (give at least one, e.g. {\"en\": \"...\"})")
		return nil, false
	}
	return t, ok
}

// langAt is a language of a text and the offset of its key.
type langAt struct {
	lang string
	off  int
}

// seenAt reports where lang was seen first, if it was.
func seenAt(seen []langAt, lang string) (int, bool) {
	for _, l := range seen {
		if l.lang == lang {
			return l.off, true
		}
	}
	return 0, false
}

// langKey is the key as a string, without allocating for the languages
// of the embedded dataset.
func langKey(key []byte) string {
	switch string(key) {
	case "en":
		return "en"
	case "ru":
		return "ru"
	}
	return string(key)
}

// optStr reads a non-empty string; "" when it is missing or wrong.
func (d *decoder) optStr(field string) string {
	b, _, _ := d.nonEmptyStr(field)
	return string(b)
}

// Rules quoted when an id is rejected.
const (
	slugRule     = "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"
	entityIDRule = "use letters, digits, '.', '_' and '-', starting with a letter or digit"
)

// id reads the id of a kind of object, reporting one that valid rejects
// (good false) with rule. off is -1 when the value is not a string.
func (d *decoder) id(kind string, valid func([]byte) bool, rule string) (id string, off int, good bool) {
	b, off, ok := d.str("id")
	if !ok {
		return "", -1, false
	}
	if good = valid(b); !good {
		d.errAt(off, "id", quote(string(b))+" is not a valid "+kind+" id ("+rule+")")
	}
	return string(b), off, good
}

// enum reads a string that must be one of list; another is reported as
// not being what (ok false).
func (d *decoder) enum(field, list, what string) (s string, off int, ok bool) {
	b, off, ok := d.str(field)
	if ok && !inList(bstr(b), list) {
		d.errAt(off, field, quote(string(b))+" is not "+what+" (want "+orList(list)+")")
		return "", off, false
	}
	return string(b), off, ok
}

// coord reads a latitude or longitude (what), reporting one outside
// -lim..lim; ok is whether it is a number.
func (d *decoder) coord(field, what string, lim float64) (v float64, ok bool) {
	v, _, off, ok := d.num(field)
	if ok && (v < -lim || v > lim) {
		l := strconv.FormatFloat(lim, 'f', -1, 64)
		d.errAt(off, field, what+" "+strconv.FormatFloat(v, 'f', -1, 64)+" is out of range (want -"+l+".."+l+")")
	}
	return v, ok
}
