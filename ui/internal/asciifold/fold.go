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
	'›': '>', '‹': '<', '»': '"', '«': '"', '•': '|', '·': '.', '…': '>',
	// typography of the data
	'–': '-', '—': '-', '‒': '-', '―': '-', '−': '-', '‐': '-', '‑': '-',
	'“': '"', '”': '"', '„': '"', '‟': '"', '‘': '\'', '’': '\'', '‚': '\'', '′': '\'', '″': '"',
	'×': 'x', '÷': '/', '±': '+', '°': 'o', '≈': '~', '≤': '<', '≥': '>', '№': '#', '‰': '%',
	'\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u2007': ' ', '\u2002': ' ', '\u2003': ' ',
	'é': 'e', 'è': 'e', 'ë': 'e', 'á': 'a', 'à': 'a', 'ä': 'a', 'ö': 'o', 'ó': 'o', 'ü': 'u', 'ú': 'u',
	'í': 'i', 'ï': 'i', 'ç': 'c', 'ñ': 'n', 'ş': 's', 'ğ': 'g', 'ı': 'i', 'ə': 'e', 'ž': 'z', 'š': 's', 'č': 'c',
	'Ö': 'O', 'Ü': 'U', 'É': 'E', 'Ş': 'S', 'Ə': 'E', 'İ': 'I',
	'ң': 'n', 'ұ': 'u', 'ү': 'u', 'қ': 'k', 'ғ': 'g', 'ө': 'o', 'һ': 'h', 'і': 'i',
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
