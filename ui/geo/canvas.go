package geo

import "math"

// Layer says what a dot belongs to; in a cell the highest layer drawn
// wins the cell's style.
type Layer uint8

const (
	LayerNone         Layer = iota
	LayerFill               // a sparse grain of dots inside a member's territory
	LayerOutline            // a country's border
	LayerObserver           // the border of an observer of the union: dashed, so it reads in monochrome
	LayerMember             // the border of a member of the union: drawn two dots thick, so it reads in monochrome
	LayerLine               // a corridor, route or project in operation
	LayerLineBuilding       // one under construction
	LayerLinePlanned        // one planned
	LayerSelected           // the selected line
)

// Dash is a line's pattern, so that a status reads without colour.
type Dash uint8

const (
	Solid  Dash = iota // in operation
	Dashed             // under construction: 3 dots on, 2 off
	Dotted             // planned: 1 dot on, 2 off
)

func (d Dash) on(i int) bool {
	switch d {
	case Dashed:
		return i%5 < 3
	case Dotted:
		return i%3 == 0
	}
	return true
}

// Canvas is a braille canvas of Cols x Rows cells: a dot mask and a layer
// per cell.
type Canvas struct {
	Cols, Rows int
	dots       []uint8
	layer      []Layer
}

// NewCanvas is an empty canvas.
func NewCanvas(cols, rows int) *Canvas {
	cols, rows = max(cols, 0), max(rows, 0)
	return &Canvas{Cols: cols, Rows: rows, dots: make([]uint8, cols*rows), layer: make([]Layer, cols*rows)}
}

// CopyFrom makes c a copy of src, reusing c's memory when it fits.
func (c *Canvas) CopyFrom(src *Canvas) {
	c.Cols, c.Rows = src.Cols, src.Rows
	c.dots = append(c.dots[:0], src.dots...)
	c.layer = append(c.layer[:0], src.layer...)
}

// braille bit of dot (x%2, y%4) in a cell (Unicode's dot numbering).
var bit = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

// Set turns on the dot at x, y (dots); off-canvas dots are ignored.
func (c *Canvas) Set(x, y int, l Layer) {
	if x < 0 || y < 0 || x >= c.Cols*2 || y >= c.Rows*4 {
		return
	}
	i := (y/4)*c.Cols + x/2
	c.dots[i] |= bit[y%4][x%2]
	if l > c.layer[i] {
		c.layer[i] = l
	}
}

// Line draws from x0, y0 to x1, y1 (dots) in pattern d; start is the
// pattern's phase (so that a polyline's dashes run on across vertices),
// and the phase at the end is returned. Far off-canvas lines are clipped
// first, so a zoomed-in map costs no more than a whole one.
func (c *Canvas) Line(x0, y0, x1, y1 float64, l Layer, d Dash, start int) int {
	if !clip(&x0, &y0, &x1, &y1, -2, -2, float64(c.Cols*2)+2, float64(c.Rows*4)+2) {
		return start
	}
	n := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0)))
	if n == 0 {
		if d.on(start) {
			c.Set(int(math.Floor(x0)), int(math.Floor(y0)), l)
		}
		return start + 1
	}
	for i := 0; i <= n; i++ {
		if d.on(start + i) {
			t := float64(i) / float64(n)
			c.Set(int(math.Floor(x0+(x1-x0)*t)), int(math.Floor(y0+(y1-y0)*t)), l)
		}
	}
	return start + n
}

// clip is Liang–Barsky: it cuts the segment to the rectangle and reports
// whether anything is left.
func clip(x0, y0, x1, y1 *float64, minX, minY, maxX, maxY float64) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := *x1-*x0, *y1-*y0
	for _, e := range [4][2]float64{{-dx, *x0 - minX}, {dx, maxX - *x0}, {-dy, *y0 - minY}, {dy, maxY - *y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = math.Min(t1, r)
		}
	}
	*x0, *y0, *x1, *y1 = *x0+t0*dx, *y0+t0*dy, *x0+t1*dx, *y0+t1*dy
	return true
}

// At is the braille rune of a cell (0 when it has no dot) and its layer.
func (c *Canvas) At(col, row int) (rune, Layer) {
	if col < 0 || row < 0 || col >= c.Cols || row >= c.Rows {
		return 0, LayerNone
	}
	i := row*c.Cols + col
	if c.dots[i] == 0 {
		return 0, LayerNone
	}
	return 0x2800 + rune(c.dots[i]), c.layer[i]
}

// Outlines rasterises the countries with p; layer says how each is drawn
// (LayerNone: not at all). This is the once-per-size part of a map.
func Outlines(p Projection, countries []Country, layer func(Country) Layer) *Canvas {
	c := NewCanvas(p.Cols, p.Rows)
	for _, ct := range countries {
		l := layer(ct)
		if l == LayerNone {
			continue
		}
		for _, r := range ct.Rings {
			if len(r) < 4 {
				continue
			}
			if l == LayerMember {
				c.fillRing(p, r)
			}
			px, py := p.Dot(float64(r[0]), float64(r[1]))
			for i := 2; i+1 < len(r); i += 2 {
				x, y := p.Dot(float64(r[i]), float64(r[i+1]))
				d := Solid
				if l == LayerObserver {
					d = Dashed
				}
				c.Line(px, py, x, y, l, d, 0)
				if l == LayerMember {
					c.Line(px+1, py, x+1, y, l, Solid, 0)
				}
				px, py = x, y
			}
		}
	}
	return c
}

// fillRing sows a sparse grain of dots (one dot in four columns and eight
// rows: one in two by two cells) inside a ring: a member's territory reads as an area, in
// monochrome too. Scanline, even-odd, on dot rows; off-canvas rows and
// columns cost nothing.
func (c *Canvas) fillRing(p Projection, r []float32) {
	n := len(r) / 2
	xs := make([]float64, n)
	ys := make([]float64, n)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		xs[i], ys[i] = p.Dot(float64(r[2*i]), float64(r[2*i+1]))
		minY, maxY = math.Min(minY, ys[i]), math.Max(maxY, ys[i])
	}
	y0 := max(int(math.Ceil(minY)), 0)
	y1 := min(int(math.Floor(maxY)), c.Rows*4-1)
	var cross []float64
	for y := y0 - y0%8 + 2; y <= y1; y += 8 {
		if y < y0 {
			continue
		}
		fy := float64(y) + 0.5
		cross = cross[:0]
		for i := 0; i < n; i++ {
			j := (i + 1) % n
			a, b := ys[i], ys[j]
			if (a <= fy) != (b <= fy) {
				cross = append(cross, xs[i]+(fy-a)/(b-a)*(xs[j]-xs[i]))
			}
		}
		sortFloats(cross)
		for k := 0; k+1 < len(cross); k += 2 {
			x0 := max(int(math.Ceil(cross[k])), 0)
			x1 := min(int(math.Floor(cross[k+1])), c.Cols*2-1)
			for x := x0 + (4-x0%4)%4; x <= x1; x += 4 {
				c.Set(x, y, LayerFill)
			}
		}
	}
}

// sortFloats is an insertion sort: a scanline crosses a ring a few times.
func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
