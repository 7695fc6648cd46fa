package de265

// pictureMemory is what a decoder's picture pool counted: libde265's
// decoded pictures (its picture buffer, the pictures waiting for output
// and the one being decoded), each one mapped block of three planes.
type pictureMemory struct {
	Live, Peak           int   // pictures allocated now, and at most at once
	LiveBytes, PeakBytes int64 // their bytes
	Maps                 int   // blocks mapped (the rest reused a spare)
}

// pictureMemory reports the decoder's picture pool: its counters now, or
// as they were when Close freed the decoder (Live is then 0 when every
// picture was given back).
func (d *Decoder) pictureMemory() pictureMemory {
	if d.closed {
		return d.freed
	}
	return d.dec.pictureMemory()
}
