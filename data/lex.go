package data

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// decoder reads one file. It is a single-pass recursive-descent JSON parser
// that keeps byte offsets, so that every problem can name its line and
// column, and decodes straight into the dataset's compact types.
type decoder struct {
	l     *loader
	file  int
	buf   []byte
	pos   int
	depth int
	path  []seg

	scratch []Point // reused by points

	lastSrc    string // the source id the previous point cited
	lastSrcIdx int32
	lastSrcOK  bool
}

// seg is one step of a JSON path: a field name, or an array index when
// key is "".
type seg struct {
	key string
	idx int
}

// abortFile stops decoding one file after a syntax error.
type abortFile struct{}

func (d *decoder) push(key string) { d.path = append(d.path, seg{key: key, idx: -1}) }
func (d *decoder) pushIdx(i int)   { d.path = append(d.path, seg{idx: i}) }
func (d *decoder) pop()            { d.path = d.path[:len(d.path)-1] }
func (d *decoder) setIdx(i int)    { d.path[len(d.path)-1].idx = i }
func (d *decoder) peek() byte {
	if d.pos < len(d.buf) {
		return d.buf[d.pos]
	}
	return 0
}

// pathString renders the current path, with field appended when not "".
func (d *decoder) pathString(field string) string {
	var b strings.Builder
	for _, s := range d.path {
		if s.key == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	if field != "" {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(field)
	}
	return b.String()
}

// errAt records a validation problem at off; decoding goes on.
func (d *decoder) errAt(off int, field, msg string) {
	d.l.add(problem{file: d.file, off: off, path: d.pathString(field), msg: msg, refFile: -1})
}

// errRef records a problem whose message names another position:
// msg + "FILE:LINE:COL" + tail.
func (d *decoder) errRef(off int, field, msg string, refFile, refOff int, tail string) {
	d.l.add(problem{file: d.file, off: off, path: d.pathString(field), msg: msg, refFile: refFile, refOff: refOff, msgTail: tail})
}

// syntax records a syntax error at off and abandons the file.
func (d *decoder) syntax(off int, msg string) {
	d.l.add(problem{file: d.file, off: off, path: d.pathString(""), msg: msg, refFile: -1})
	d.l.syntaxFailed = true
	panic(abortFile{})
}

// unexpected reports a syntax error at the current position, describing
// what was found; want says what the grammar needs there.
func (d *decoder) unexpected(want string) {
	if d.pos >= len(d.buf) {
		d.syntax(d.pos, "unexpected end of file, want "+want+" (the file is truncated or a closing bracket is missing)")
	}
	c := d.buf[d.pos]
	rest := d.buf[d.pos:]
	switch {
	case hasWord(rest, "NaN"), hasWord(rest, "-NaN"):
		d.syntax(d.pos, "NaN is not a JSON number (values must be finite numbers; drop the point or give its value)")
	case hasWord(rest, "Infinity"), hasWord(rest, "-Infinity"), hasWord(rest, "+Infinity"):
		d.syntax(d.pos, "Infinity is not a JSON number (values must be finite numbers)")
	case c == '/' && len(rest) > 1 && (rest[1] == '/' || rest[1] == '*'):
		d.syntax(d.pos, "comments are not allowed in JSON (remove the comment, or put it in a \"note\")")
	case c == '\'':
		d.syntax(d.pos, "strings must be in double quotes, not single quotes")
	case c >= 0x80:
		r, _ := utf8.DecodeRune(rest)
		if r == utf8.RuneError {
			d.syntax(d.pos, "invalid UTF-8 (save the file as UTF-8)")
		}
		d.syntax(d.pos, "unexpected character "+strconv.QuoteRune(r)+", want "+want)
	case c < 0x20 || c == 0x7f:
		d.syntax(d.pos, "unexpected control character "+strconv.QuoteRune(rune(c))+", want "+want)
	}
	d.syntax(d.pos, "unexpected "+strconv.QuoteRune(rune(c))+", want "+want)
}

func hasWord(b []byte, w string) bool {
	return len(b) >= len(w) && string(b[:len(w)]) == w
}

func (d *decoder) ws() {
	for d.pos < len(d.buf) {
		switch d.buf[d.pos] {
		case ' ', '\n', '\r', '\t':
			d.pos++
		default:
			return
		}
	}
}

// enter and leave bound the nesting depth.
func (d *decoder) enter() {
	d.depth++
	if d.depth > d.l.opts.MaxDepth {
		d.syntax(d.pos, "nesting is deeper than "+strconv.Itoa(d.l.opts.MaxDepth)+" levels (the limit; flatten the data)")
	}
}
func (d *decoder) leave() { d.depth-- }

// kindName names the JSON type of the value starting at off, for messages.
func (d *decoder) kindName() string {
	switch d.peek() {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// wrongType reports that the value at the current position is not of the
// wanted type, and skips it.
func (d *decoder) wrongType(field, want string) {
	d.errAt(d.pos, field, "want "+want+", not "+d.kindName())
	d.skip()
}

// objStart begins an object value (after whitespace). If the value is not
// an object it reports a type problem, skips it and returns false.
func (d *decoder) objStart(field string) (int, bool) { return d.open('{', field, "an object") }

// arrStart begins an array value, like objStart.
func (d *decoder) arrStart(field string) (int, bool) { return d.open('[', field, "an array") }

// open begins a value that starts with c (want names it), like objStart.
func (d *decoder) open(c byte, field, want string) (int, bool) {
	if d.peek() != c {
		d.checkValueStart()
		d.wrongType(field, want)
		return d.pos, false
	}
	off := d.pos
	d.enter()
	d.pos++
	return off, true
}

// checkValueStart turns a value that cannot start there into a syntax error
// (so that "want a string, not a number" is never said of garbage).
func (d *decoder) checkValueStart() {
	switch c := d.peek(); c {
	case '{', '[', '"', 't', 'f', 'n', '-':
	default:
		if c < '0' || c > '9' {
			d.unexpected("a value")
		}
	}
}

// nextKey moves to the next member of an object; n is the number of
// members read so far. It returns false after the closing brace.
func (d *decoder) nextKey(n int) (key []byte, off int, ok bool) {
	d.ws()
	if n > 0 {
		switch d.peek() {
		case '}':
			d.pos++
			d.leave()
			return nil, 0, false
		case ',':
			comma := d.pos
			d.pos++
			d.ws()
			if d.peek() == '}' {
				d.syntax(comma, "trailing comma before \"}\" (remove the comma)")
			}
		case '"':
			d.syntax(d.pos, "missing \",\" before this field (or a \"}\" before it)")
		default:
			d.unexpected("\",\" or \"}\"")
		}
	} else if d.peek() == '}' {
		d.pos++
		d.leave()
		return nil, 0, false
	}
	if d.peek() != '"' {
		d.unexpected("a field name in double quotes")
	}
	off = d.pos
	key = d.readString()
	d.ws()
	if d.peek() != ':' {
		d.unexpected("\":\" after the field name")
	}
	d.pos++
	d.ws()
	return key, off, true
}

// nextElem moves to the next element of an array; n is the number read so
// far. It returns false after the closing bracket. indexed: the top of the
// path is the array's index, which a problem at the next element names.
func (d *decoder) nextElem(n int, indexed bool) bool {
	d.ws()
	if n > 0 {
		switch d.peek() {
		case ']':
			d.pos++
			d.leave()
			return false
		case ',':
			comma := d.pos
			d.pos++
			d.ws()
			if d.peek() == ']' {
				d.syntax(comma, "trailing comma before \"]\" (remove the comma)")
			}
		case '{', '[', '"':
			if indexed {
				d.setIdx(n) // the element the position is in, not the one before
			}
			d.syntax(d.pos, "missing \",\" before this element (or a \"]\" before it)")
		default:
			d.unexpected("\",\" or \"]\"")
		}
	} else if d.peek() == ']' {
		d.pos++
		d.leave()
		return false
	}
	return true
}

// readString reads a string at d.pos (which is '"') and returns its
// unescaped bytes. Without escapes the result aliases the file buffer.
func (d *decoder) readString() []byte {
	start := d.pos
	buf := d.buf
	i := start + 1
	for i < len(buf) {
		c := buf[i]
		if c == '"' {
			if i-start-1 > d.l.opts.MaxString {
				d.tooLong(start)
			}
			d.pos = i + 1
			return buf[start+1 : i : i]
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			return d.readStringSlow(start, i)
		}
		i++
	}
	d.syntax(start, "unterminated string (a closing double quote is missing)")
	return nil
}

func (d *decoder) tooLong(start int) {
	d.syntax(start, "string longer than "+strconv.Itoa(d.l.opts.MaxString)+" bytes (the limit; shorten it)")
}

// readStringSlow handles escapes, control characters and UTF-8 from i on.
func (d *decoder) readStringSlow(start, i int) []byte {
	buf := d.buf
	var out []byte // nil while the string has no escapes
	from := start + 1
	for i < len(buf) {
		c := buf[i]
		switch {
		case c == '"':
			if i-start-1 > d.l.opts.MaxString {
				d.tooLong(start)
			}
			d.pos = i + 1
			if out == nil {
				return buf[from:i:i]
			}
			return append(out, buf[from:i]...)
		case c == '\\':
			if out == nil {
				out = make([]byte, 0, i-from+16)
			}
			out = append(out, buf[from:i]...)
			if i+1 >= len(buf) {
				d.syntax(start, "unterminated string (a closing double quote is missing)")
			}
			e := buf[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := hex4(buf, i)
				if !ok {
					d.syntax(i-2, "invalid \\u escape (want \\u followed by four hex digits)")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if i+6 <= len(buf) && buf[i] == '\\' && buf[i+1] == 'u' {
						r2, ok2 = hex4(buf, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				esc := "\\" + string(rune(e))
				if e < 0x20 || e >= 0x7f {
					esc = "sequence"
				}
				d.syntax(i-2, "invalid escape "+esc+" in string (write \\\\ for a backslash)")
			}
			from = i
		case c < 0x20:
			d.syntax(i, "control character "+strconv.QuoteRune(rune(c))+" in string (write it escaped, e.g. \\n or \\t)")
		case c >= 0x80:
			r, size := utf8.DecodeRune(buf[i:])
			if r == utf8.RuneError && size <= 1 {
				d.syntax(i, "invalid UTF-8 in string (save the file as UTF-8)")
			}
			i += size
		default:
			i++
		}
	}
	d.syntax(start, "unterminated string (a closing double quote is missing)")
	return nil
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

var pow10tab = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// readNumber reads a JSON number at d.pos. It returns the value, whether it
// is finite, and the number of decimals the text shows (27.40 -> 2, 1e3 -> 0).
func (d *decoder) readNumber() (v float64, finite bool, decimals int) {
	buf := d.buf
	start := d.pos
	i := start
	neg := false
	if i < len(buf) && buf[i] == '-' {
		neg = true
		i++
	}
	if i >= len(buf) || buf[i] < '0' || buf[i] > '9' {
		d.pos = i
		d.unexpected("a digit")
	}
	var mant uint64
	nd := 0 // significant digits accumulated in mant
	if buf[i] == '0' {
		i++
		if i < len(buf) && buf[i] >= '0' && buf[i] <= '9' {
			d.syntax(start, "numbers must not have leading zeros (write 7, not 07)")
		}
	} else {
		for i < len(buf) && buf[i] >= '0' && buf[i] <= '9' {
			mant = mant*10 + uint64(buf[i]-'0')
			nd++
			i++
		}
	}
	frac := 0
	if i < len(buf) && buf[i] == '.' {
		i++
		if i >= len(buf) || buf[i] < '0' || buf[i] > '9' {
			d.pos = i
			d.unexpected("a digit after the decimal point")
		}
		for i < len(buf) && buf[i] >= '0' && buf[i] <= '9' {
			if nd > 0 || buf[i] != '0' {
				nd++
			}
			mant = mant*10 + uint64(buf[i]-'0')
			frac++
			i++
		}
	}
	exp := 0
	hasExp := false
	if i < len(buf) && (buf[i] == 'e' || buf[i] == 'E') {
		hasExp = true
		i++
		eneg := false
		if i < len(buf) && (buf[i] == '+' || buf[i] == '-') {
			eneg = buf[i] == '-'
			i++
		}
		if i >= len(buf) || buf[i] < '0' || buf[i] > '9' {
			d.pos = i
			d.unexpected("a digit in the exponent")
		}
		for i < len(buf) && buf[i] >= '0' && buf[i] <= '9' {
			if exp < 100000 {
				exp = exp*10 + int(buf[i]-'0')
			}
			i++
		}
		if eneg {
			exp = -exp
		}
	}
	d.pos = i
	decimals = frac - exp
	if decimals < 0 {
		decimals = 0
	}
	if !hasExp && nd <= 15 && frac <= 22 {
		// Exact: an integer below 2^53 divided by an exact power of ten
		// rounds once, correctly.
		v = float64(mant) / pow10tab[frac]
		if neg {
			v = -v
		}
		return v, true, decimals
	}
	s := unsafe.String(&buf[start], i-start)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
		return v, false, decimals
	}
	return v, true, decimals
}

// skip skips one value of any type, checking its syntax.
func (d *decoder) skip() {
	switch c := d.peek(); c {
	case '{':
		d.enter()
		d.pos++
		for n := 0; ; n++ {
			if _, _, ok := d.nextKey(n); !ok {
				return
			}
			d.skip()
		}
	case '[':
		d.enter()
		d.pos++
		for n := 0; d.nextElem(n, false); n++ {
			d.ws()
			d.skip()
		}
	case '"':
		d.readString()
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			d.readNumber()
			return
		}
		d.unexpected("a value")
	}
}

func (d *decoder) literal(w string) {
	if !hasWord(d.buf[d.pos:], w) {
		d.unexpected("a value")
	}
	d.pos += len(w)
}
