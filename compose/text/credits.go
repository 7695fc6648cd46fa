package text

import (
	"image"
	"math"
	"strings"

	"github.com/reelkit/reel/styles"
)

// MaxCreditRows bounds the rows Credits lays out; further rows are dropped
// (CreditsLayout.Dropped counts them).
const MaxCreditRows = 200

// CreditsLayout is the closing credits laid out for one frame size.
type CreditsLayout struct {
	// Mode is the style's credits mode.
	Mode styles.CreditsMode
	// Pages (paged mode): each page's blocks, At in frame coordinates,
	// the page's rows centred vertically in the safe area. compose shows
	// the pages one after the other for Style.Credits.Duration each.
	Pages [][]Placed
	// Roll (rolling mode): every block, At relative to the top of the roll
	// (x in frame coordinates). compose draws block i at
	// y = At.Y + top, with top moving from h (roll just below the frame)
	// to -RollHeight (just gone above it) over the card's duration.
	Roll       []Placed
	RollHeight int
	// Dropped is how many rows beyond MaxCreditRows were left out.
	Dropped int
}

// creditRow is one laid-out (role, name) row before placement; offsets are
// relative to the row's top.
type creditRow struct {
	blocks []Placed
	height int
}

// Credits lays out rows of (role, name) for a w x h frame, paged or
// rolling per the style. Rows with both cells blank are skipped.
func Credits(st *styles.Style, w, h int, rows [][2]string, env *Env) (*CreditsLayout, error) {
	safe := SafeArea(st, w, h)
	unit := styles.Unit(w, h)
	c := st.Credits
	out := &CreditsLayout{Mode: c.Mode}
	gap := int(math.Round(c.RowGap * unit))
	var laid []creditRow
	if hasText(c.Heading) {
		reg := region(safe, 0.9, c.HeadingText.Align)
		b, err := block(c.Heading, c.HeadingText, unit, reg, safe.Dy()/4, env)
		if err != nil {
			return nil, err
		}
		laid = append(laid, creditRow{blocks: []Placed{{Block: b, At: image.Pt(hplace(reg, b.Width, c.HeadingText.Align), 0)}}, height: b.Height + gap})
	}
	n := 0
	for _, r := range rows {
		if !hasText(r[0]) && !hasText(r[1]) {
			continue
		}
		if n == MaxCreditRows {
			out.Dropped++
			continue
		}
		n++
		row, err := creditsRow(c, safe, unit, r, env)
		if err != nil {
			return nil, err
		}
		laid = append(laid, row)
	}
	if c.Mode == styles.CreditsRolling {
		y := 0
		for i, r := range laid {
			if i > 0 {
				y += gap
			}
			for _, b := range r.blocks {
				if b.Empty() {
					continue
				}
				out.Roll = append(out.Roll, Placed{Block: b.Block, At: b.At.Add(image.Pt(0, y))})
			}
			y += r.height
		}
		out.RollHeight = y
		return out, nil
	}
	// Paged: fill pages up to the safe height, centre each page.
	var page []creditRow
	used := 0
	flush := func() {
		if len(page) == 0 {
			return
		}
		top := vplace(safe, used, styles.VAlignMiddle)
		var blocks []Placed
		y := top
		for i, r := range page {
			if i > 0 {
				y += gap
			}
			for _, b := range r.blocks {
				if b.Empty() {
					continue
				}
				blocks = append(blocks, Placed{Block: b.Block, At: b.At.Add(image.Pt(0, y))})
			}
			y += r.height
		}
		out.Pages = append(out.Pages, blocks)
		page, used = nil, 0
	}
	for _, r := range laid {
		need := r.height
		if len(page) > 0 {
			need += gap
		}
		if len(page) > 0 && used+need > safe.Dy() {
			flush()
			need = r.height
		}
		page = append(page, r)
		used += need
	}
	flush()
	return out, nil
}

// creditsRow lays out one row: role above name (stacked) or role and name
// side by side, meeting at the centre of the safe area with their
// baselines aligned.
func creditsRow(c styles.CreditsLayout, safe image.Rectangle, unit float64, r [2]string, env *Env) (creditRow, error) {
	role, name := strings.TrimSpace(r[0]), strings.TrimSpace(r[1])
	if c.Stacked {
		rreg := region(safe, 0.9, c.Role.Align)
		nreg := region(safe, 0.9, c.Name.Align)
		rb, err := block(role, c.Role, unit, rreg, safe.Dy()/4, env)
		if err != nil {
			return creditRow{}, err
		}
		nb, err := block(name, c.Name, unit, nreg, safe.Dy()/3, env)
		if err != nil {
			return creditRow{}, err
		}
		return creditRow{
			blocks: []Placed{
				{Block: rb, At: image.Pt(hplace(rreg, rb.Width, c.Role.Align), 0)},
				{Block: nb, At: image.Pt(hplace(nreg, nb.Width, c.Name.Align), rb.Height)},
			},
			height: rb.Height + nb.Height,
		}, nil
	}
	gutter := max(safe.Dx()/40, 1)
	mid := safe.Min.X + safe.Dx()/2
	rreg := image.Rect(safe.Min.X, safe.Min.Y, max(mid-gutter, safe.Min.X+1), safe.Max.Y)
	nreg := image.Rect(min(mid+gutter, safe.Max.X-1), safe.Min.Y, safe.Max.X, safe.Max.Y)
	rb, err := block(role, c.Role, unit, rreg, safe.Dy()/4, env)
	if err != nil {
		return creditRow{}, err
	}
	nb, err := block(name, c.Name, unit, nreg, safe.Dy()/3, env)
	if err != nil {
		return creditRow{}, err
	}
	base := max(firstBaseline(rb), firstBaseline(nb))
	ry, ny := base-firstBaseline(rb), base-firstBaseline(nb)
	return creditRow{
		blocks: []Placed{
			{Block: rb, At: image.Pt(rreg.Max.X-rb.Width, ry)},
			{Block: nb, At: image.Pt(nreg.Min.X, ny)},
		},
		height: max(ry+rb.Height, ny+nb.Height),
	}, nil
}

func firstBaseline(b *Block) int {
	if len(b.Lines) == 0 {
		return 0
	}
	return b.Lines[0].Baseline
}
