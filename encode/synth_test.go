package encode

import (
	"image"
)

// fillSynthetic draws frame i of a test pattern into img: a diagonal
// luma gradient scrolling right by 4 px per frame, slowly varying chroma,
// and a bright box moving across the picture. All values are legal
// limited-range BT.709 samples.
func fillSynthetic(img *image.YCbCr, i int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bx := (i * 7) % max(w-64, 1)
	by := (h/3 + i*3) % max(h-64, 1)
	for y := 0; y < h; y++ {
		row := img.Y[y*img.YStride : y*img.YStride+w]
		for x := range row {
			v := 16 + ((x+y/2+i*4)*219/(w+h/2))%220
			// Fine texture that scrolls with the gradient.
			u := uint32(x+i*4)*2654435761 ^ uint32(y)*40503
			v += int(u>>28) - 8
			v = min(max(v, 16), 235)
			if x >= bx && x < bx+64 && y >= by && y < by+64 {
				v = 230
			}
			row[x] = byte(v)
		}
	}
	for y := 0; y < h/2; y++ {
		cb := img.Cb[y*img.CStride : y*img.CStride+w/2]
		cr := img.Cr[y*img.CStride : y*img.CStride+w/2]
		for x := range cb {
			cb[x] = byte(64 + (x*2+i)%128)
			cr[x] = byte(64 + (y*2+2*i)%128)
		}
	}
}

type imageYCbCr = image.YCbCr

// synthFrames returns the Y planes (tightly packed) of the first n
// synthetic frames at w x h, for fidelity comparisons.
func synthLuma(w, h, n int) [][]byte {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	out := make([][]byte, n)
	for i := range n {
		fillSynthetic(img, i)
		out[i] = append([]byte(nil), img.Y...)
	}
	return out
}
