// Package asciifold turns text for a terminal that can show only ASCII
// (--glyphs ascii: LANG=C, the Linux console, PuTTY's defaults) into ASCII
// of the same width, cell for cell, so that a layout made for Unicode
// stays aligned: box drawing becomes + - |, blocks #, dashes -, quotes ",
// and anything else without an ASCII look-alike ?.
package asciifold

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// table maps the runes the dashboard draws, and the typography of its
// data, to one ASCII character each.
var table = map[rune]byte{
	// box drawing: corners and junctions +, lines - and |
	'─': '-', '━': '-', '┄': '.', '┈': '.', '╌': '.', '═': '=',
	'│': '|', '┃': '|', '┊': ':', '┆': ':', '║': '|',
	'┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
	'╭': '+', '╮': '+', '╰': '+', '╯': '+', '┏': '+', '┓': '+', '┗': '+', '┛': '+',
	'╔': '+', '╗': '+', '╚': '+', '╝': '+', '╠': '+', '╣': '+', '╦': '+', '╩': '+', '╬': '+',
	'┣': '+', '┫': '+', '┳': '+', '┻': '+', '╋': '+',
	// blocks and shades: bars and sparklines
	'█': '#', '▓': '=', '▒': '=', '░': '.', '▉': '#', '▊': '#', '▋': '#', '▌': '#', '▍': '#', '▎': '#', '▏': '#',
	'▁': '.', '▂': '_', '▃': '-', '▄': '=', '▅': '=', '▆': '#', '▇': '#', '▀': '#', '▐': '#',
	// statuses (as ui/chart.StatusGlyph with ascii) and other marks
	'●': '*', '◐': '~', '◇': '^', '○': 'o',
	'■': '#', '□': 'o', '◆': '#', '▪': '#', '▫': '.', '★': '*', '☆': '*',
	'▲': '^', '▼': 'v', '△': '^', '▽': 'v', '▶': '>', '◀': '<', '►': '>', '◄': '<',
	'✓': '+', '✗': 'x', '✔': '+', '✘': 'x',
	'←': '<', '→': '>', '↑': '^', '↓': 'v', '↔': '-', '⇄': '-',
	'›': '>', '‹': '<', '»': '"', '«': '"', '•': '|', '·': '.', '…': '~', // ~ as in PROGRA~1: > is the selection
	// typography of the data
	'–': '-', '—': '-', '‒': '-', '―': '-', '−': '-', '‐': '-', '‑': '-',
	'“': '"', '”': '"', '„': '"', '‟': '"', '‘': '\'', '’': '\'', '‚': '\'', '′': '\'', '″': '"',
	'×': 'x', '÷': '/', '±': '+', '°': 'o', '≈': '~', '≤': '<', '≥': '>', '№': '#', '‰': '%',
	'\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u2007': ' ', '\u2002': ' ', '\u2003': ' ',
	'é': 'e', 'è': 'e', 'ë': 'e', 'á': 'a', 'à': 'a', 'ä': 'a', 'ö': 'o', 'ó': 'o', 'ü': 'u', 'ú': 'u',
	'í': 'i', 'ï': 'i', 'ç': 'c', 'ñ': 'n', 'ş': 's', 'ğ': 'g', 'ı': 'i', 'ə': 'e', 'ž': 'z', 'š': 's', 'č': 'c',
	'Ö': 'O', 'Ü': 'U', 'É': 'E', 'Ş': 'S', 'Ə': 'E', 'İ': 'I',
	'ң': 'n', 'ұ': 'u', 'ү': 'u', 'қ': 'k', 'ғ': 'g', 'ө': 'o', 'һ': 'h', 'і': 'i',
	'Ң': 'N', 'Ұ': 'U', 'Ү': 'U', 'Қ': 'K', 'Ғ': 'G', 'Ө': 'O', 'Һ': 'H', 'І': 'I', 'Ә': 'A', 'ә': 'a',
}

// cyrillic transliterates Russian letters, one Latin letter each (the
// width must not change): a data text that has no English version reads
// "Ob'em tranzitnyh perevozok" rather than a row of question marks.
var cyrillic = map[rune]byte{
	'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'e', 'ж': 'z', 'з': 'z', 'и': 'i',
	'й': 'i', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't',
	'у': 'u', 'ф': 'f', 'х': 'h', 'ц': 'c', 'ч': 'c', 'ш': 's', 'щ': 's', 'ъ': '\'', 'ы': 'y', 'ь': '\'',
	'э': 'e', 'ю': 'u', 'я': 'a',
	'А': 'A', 'Б': 'B', 'В': 'V', 'Г': 'G', 'Д': 'D', 'Е': 'E', 'Ё': 'E', 'Ж': 'Z', 'З': 'Z', 'И': 'I',
	'Й': 'I', 'К': 'K', 'Л': 'L', 'М': 'M', 'Н': 'N', 'О': 'O', 'П': 'P', 'Р': 'R', 'С': 'S', 'Т': 'T',
	'У': 'U', 'Ф': 'F', 'Х': 'H', 'Ц': 'C', 'Ч': 'C', 'Ш': 'S', 'Щ': 'S', 'Ъ': '\'', 'Ы': 'Y', 'Ь': '\'',
	'Э': 'E', 'Ю': 'U', 'Я': 'A',
}

// Rune is r's one-cell ASCII stand-in: a braille cell is *, an unknown
// rune ?. An ASCII rune is itself.
func Rune(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	if c, ok := table[r]; ok {
		return rune(c)
	}
	if c, ok := cyrillic[r]; ok {
		return rune(c)
	}
	if r >= 0x2800 && r <= 0x28ff { // braille: a plotted cell
		if r == 0x2800 {
			return ' '
		}
		return '*'
	}
	return '?'
}

// String folds s rune by rune; a rune two cells wide becomes two
// characters. Escape sequences (colours, hyperlinks) pass unchanged: they
// are ASCII.
func String(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if c, ok := table[r]; ok { // the usual case: one cell, known
			b.WriteByte(c)
			continue
		}
		w := ansi.StringWidth(string(r))
		if w == 0 {
			continue // a combining mark: its base letter was folded
		}
		c := Rune(r)
		for k := 0; k < w; k++ {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IsASCII reports whether s has nothing outside ASCII (tests).
func IsASCII(s string) bool { return isASCII(s) }
