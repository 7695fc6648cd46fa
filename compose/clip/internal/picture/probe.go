package picture

import "fmt"

// Decoder is what Probe needs of a decoder binding.
type Decoder interface {
	Decode(au []byte, pts int64) ([]Picture, error)
	Flush() ([]Picture, error)
	Close()
}

// Probe decodes stream (one picture, Annex B, given pts 7) through d,
// closing d afterwards, and checks that exactly one 8-bit w x h picture
// with pts 7 comes out whose every sample is y, cb and cr: a library
// whose calling convention, structures or behaviour differ from its
// binding's declarations is refused before a clip reaches it.
func Probe(d Decoder, stream []byte, w, h int, y, cb, cr byte) error {
	defer d.Close()
	pics, err := d.Decode(stream, 7)
	if err != nil {
		return err
	}
	more, err := d.Flush()
	if err != nil {
		return err
	}
	pics = append(pics, more...)
	if len(pics) != 1 {
		return fmt.Errorf("%d pictures from a one-picture stream", len(pics))
	}
	p := pics[0]
	if p.Width != w || p.Height != h || p.PTS != 7 || p.BitDepth != 8 {
		return fmt.Errorf("picture %dx%d pts %d depth %d, want %dx%d pts 7 depth 8", p.Width, p.Height, p.PTS, p.BitDepth, w, h)
	}
	for _, c := range []struct {
		plane []byte
		want  byte
		name  string
	}{{p.Y, y, "Y"}, {p.Cb, cb, "Cb"}, {p.Cr, cr, "Cr"}} {
		for i, v := range c.plane {
			if v != c.want {
				return fmt.Errorf("%s sample %d is %d, want %d", c.name, i, v, c.want)
			}
		}
	}
	return nil
}
