package data

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Field lists per object, space-separated (constants, so no mutable
// globals); the position of a name is its bit in a fieldSet.
const (
	documentFields    = "$schema format title description updated sources entities indicators events"
	sourceFields      = "id title publisher date url note"
	entityFields      = "id name kind members lat lon path note status"
	indicatorFields   = "id name topic unit description decimals higher_is_better series"
	seriesFields      = "entity points"
	pointFields       = "period value status source note"
	eventFields       = "date title place source participants"
	participantFields = "entity person role"

	topicList = "transit infrastructure speed capacity trade industry agriculture digital other"
	kindList  = "union member observer country corridor project route node"
	lineList  = "in-operation under-construction planned"
)

// fieldSet remembers which fields of one object were seen, and where.
type fieldSet struct {
	mask uint32
	offs [10]int
}

func (f *fieldSet) has(bit int) bool { return f.mask&(1<<bit) != 0 }

// field marks a field seen. A second occurrence is reported and its value
// skipped; field then returns false.
func (d *decoder) field(f *fieldSet, bit int, name string, off int) bool {
	if f.has(bit) {
		d.errRef(off, name, "duplicate field "+strconv.Quote(name)+" (also at ", d.file, f.offs[bit], "; remove one)")
		d.skip()
		return false
	}
	f.mask |= 1 << bit
	f.offs[bit] = off
	return true
}

// object reads the object under key, whose fields are list, like members;
// the path of what it reports ends in key.
func (d *decoder) object(key, list string, val func(name string, koff int)) {
	if _, ok := d.objStart(key); !ok {
		return
	}
	d.push(key)
	var f fieldSet
	d.members(&f, list, val)
	d.pop()
}

// members reads the members of an object that objStart opened. A field
// of list is marked in f and its value read by val (name is the field's
// name); a repeated or unknown field is reported and its value skipped.
func (d *decoder) members(f *fieldSet, list string, val func(name string, koff int)) {
	for n := 0; ; n++ {
		key, koff, ok := d.nextKey(n)
		if !ok {
			return
		}
		name, bit := fieldBit(bstr(key), list)
		if bit < 0 {
			d.unknownField(key, koff, list)
		} else if d.field(f, bit, name, koff) {
			val(name, koff)
		}
	}
}

// fieldBit returns the position of key in a space-separated list and the
// name there, or bit -1.
func fieldBit(key, list string) (name string, bit int) {
	start := 0
	for i := 0; i <= len(list); i++ {
		if i == len(list) || list[i] == ' ' {
			if list[start:i] == key {
				return list[start:i], bit
			}
			start = i + 1
			bit++
		}
	}
	return "", -1
}

// unknownField reports a field the format does not have and skips its value.
func (d *decoder) unknownField(key []byte, off int, known string) {
	k := string(key)
	msg := "unknown field " + quote(k)
	if s := suggest(k, known); s != "" {
		msg += " (did you mean " + strconv.Quote(s) + "?)"
	} else {
		msg += " (known fields: " + strings.Join(strings.Fields(known), ", ") + ")"
	}
	d.errAt(off, k, msg)
	d.skip()
}

// required reports the fields of list whose bits in want are missing.
func (d *decoder) required(f *fieldSet, off int, list string, want ...int) {
	for _, bit := range want {
		if !f.has(bit) {
			d.errAt(off, "", "missing required field "+strconv.Quote(strings.Fields(list)[bit]))
		}
	}
}

// suggest returns the known field one edit away from k, or "".
func suggest(k, known string) string {
	for _, f := range strings.Fields(known) {
		if strings.EqualFold(f, k) || oneEdit(k, f) {
			return f
		}
	}
	return ""
}

// oneEdit reports whether a and b differ by one insertion, deletion,
// substitution or transposition of adjacent characters.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] != rb[i] {
				if diff >= 0 {
					// transposition: exactly two adjacent differences, swapped
					return i == diff+1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
				}
				diff = i
			}
		}
		return diff >= 0
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i:]) == string(rb[i+1:])
	}
	return false
}

// quote quotes s for a message, shortened when long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		return strconv.Quote(string(r[:57])) + "..."
	}
	return strconv.Quote(s)
}

func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// isSlug: [a-z0-9][a-z0-9._-]*
func isSlug(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// isEntityID: [A-Za-z0-9][A-Za-z0-9._-]*
func isEntityID(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// isCountryCode: two capital letters (ISO 3166-1 alpha-2).
func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// isLangTag accepts BCP 47-like tags: a 2-3 letter lowercase language,
// then subtags of 1-8 letters or digits (en, ru, kk, zh-Hans).
func isLangTag(s string) bool {
	p, rest, more := strings.Cut(s, "-")
	if len(p) < 2 || len(p) > 3 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 'a' || p[i] > 'z' {
			return false
		}
	}
	for more {
		p, rest, more = strings.Cut(rest, "-")
		if len(p) < 1 || len(p) > 8 {
			return false
		}
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

func inList(s, list string) bool {
	_, bit := fieldBit(s, list)
	return bit >= 0
}

func orList(list string) string {
	f := strings.Fields(list)
	return strings.Join(f[:len(f)-1], ", ") + " or " + f[len(f)-1]
}
