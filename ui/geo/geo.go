package geo

import (
	"math"
)

// Box is a rectangle of longitude and latitude, in degrees.
type Box struct{ West, South, East, North float64 }

// Extend grows the box to hold lon, lat; the zero Box holds nothing yet.
func (b Box) Extend(lon, lat float64) Box {
	if b == (Box{}) {
		return Box{lon, lat, lon, lat}
	}
	return Box{math.Min(b.West, lon), math.Min(b.South, lat), math.Max(b.East, lon), math.Max(b.North, lat)}
}

// Projection maps longitude and latitude to the braille dots of a canvas
// of Cols x Rows cells (2 x 4 dots a cell): an equirectangular projection
// whose longitudes are shrunk by the cosine of the centre's latitude, so
// that shapes keep their proportions around the centre (the region spans
// about 30° of latitude, where this is close to conformal). A terminal
// cell is about twice as tall as wide, so a braille dot is about square.
type Projection struct {
	Cols, Rows int
	Lon, Lat   float64 // the centre
	Scale      float64 // dots per degree of latitude
	k          float64 // cos(Lat)
}

// New is the projection of a Cols x Rows canvas centred on lon, lat with
// scale dots per degree of latitude.
func New(cols, rows int, lon, lat, scale float64) Projection {
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		scale = 1
	}
	lat = math.Max(-80, math.Min(80, lat))
	return Projection{Cols: max(cols, 0), Rows: max(rows, 0), Lon: lon, Lat: lat, Scale: scale, k: math.Cos(lat * math.Pi / 180)}
}

// Fit is the projection that shows box b whole, centred, with a margin of
// margin dots on every side (a box of one point gets 4 degrees around it).
func Fit(cols, rows int, b Box, margin float64) Projection {
	lon, lat := (b.West+b.East)/2, (b.South+b.North)/2
	p := New(cols, rows, lon, lat, 1)
	w := math.Max((b.East-b.West)*p.k, 4)
	h := math.Max(b.North-b.South, 4)
	dw := math.Max(float64(cols*2)-2*margin, 1)
	dh := math.Max(float64(rows*4)-2*margin, 1)
	return New(cols, rows, lon, lat, math.Min(dw/w, dh/h))
}

// Dot is where lon, lat falls, in dots from the canvas's top left (x to
// the right, y down). It may fall outside the canvas.
func (p Projection) Dot(lon, lat float64) (x, y float64) {
	return float64(p.Cols) + (lon-p.Lon)*p.k*p.Scale, float64(p.Rows*2) - (lat-p.Lat)*p.Scale
}

// LonLat is the inverse of Dot.
func (p Projection) LonLat(x, y float64) (lon, lat float64) {
	return p.Lon + (x-float64(p.Cols))/(p.k*p.Scale), p.Lat - (y-float64(p.Rows*2))/p.Scale
}

// Cell is the cell lon, lat falls in, and whether it is on the canvas.
func (p Projection) Cell(lon, lat float64) (col, row int, ok bool) {
	x, y := p.Dot(lon, lat)
	col, row = int(math.Floor(x/2)), int(math.Floor(y/4))
	return col, row, col >= 0 && row >= 0 && col < p.Cols && row < p.Rows
}

// Bounds is the box the canvas shows.
func (p Projection) Bounds() Box {
	w, n := p.LonLat(0, 0)
	e, s := p.LonLat(float64(p.Cols*2), float64(p.Rows*4))
	return Box{w, s, e, n}
}
