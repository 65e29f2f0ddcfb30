// Package colour resolves adaptive colours once per program.
//
// A lipgloss.AdaptiveColor is resolved on every Style.Render: the
// background is looked up and the hex value converted to the profile
// (for 256 and 16 colours an HSLuv nearest-colour search). Styles built
// from Resolve's result skip that work and render the same escape codes.
package colour

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Resolve picks c's Light or Dark value by r's background and converts it
// to r's colour profile, as lipgloss would at render time. The result only
// fits r (or a renderer with the same profile and background).
func Resolve(r *lipgloss.Renderer, c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	hex := c.Light
	if r.HasDarkBackground() {
		hex = c.Dark
	}
	switch col := r.ColorProfile().Color(hex).(type) {
	case termenv.ANSIColor: // 0-15: lipgloss reads "0".."15" back as the same ANSI colour
		return lipgloss.Color(strconv.Itoa(int(col)))
	case termenv.ANSI256Color:
		if col < 16 { // would be read back as a 16-colour code; never from a hex value
			return c
		}
		return lipgloss.Color(strconv.Itoa(int(col)))
	case termenv.RGBColor:
		return lipgloss.Color(string(col))
	}
	return lipgloss.NoColor{} // Ascii profile, or an invalid value
}
