package server

import "github.com/reelkit/reel/server/model"

// The row readers both stores share for the segments table.

// rowScanner is a *sql.Row, *sql.Rows or pgx.Row.
type rowScanner interface{ Scan(dest ...any) error }

func scanSegment(r rowScanner) (*model.Segment, error) {
	var s model.Segment
	err := r.Scan(&s.JobID, &s.Quality, &s.Index, &s.Count, &s.State, &s.ClaimedBy, &s.Token, &s.Blob, &s.Size)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// readSegments reads rows of segmentCols.
func readSegments(rows rowsReader) ([]model.Segment, error) {
	var out []model.Segment
	for rows.Next() {
		seg, err := scanSegment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *seg)
	}
	return out, rows.Err()
}

// readBlobKeys reads rows of one blob key, skipping empty ones.
func readBlobKeys(rows rowsReader) ([]string, error) {
	var blobs []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		if b != "" {
			blobs = append(blobs, b)
		}
	}
	return blobs, rows.Err()
}
