/*
 * label.h - the one limit on clusters and sites per atom.  Every frame of
 * an atom gets a label, its cluster (k-means) or site (adaptive mode),
 * stored in one byte; HOP_LABELS_MAX is the most distinct labels an atom
 * may have, so a label is always below it.
 */
#ifndef HOP_LABEL_H
#define HOP_LABEL_H

#define HOP_LABELS_MAX 255u

#endif
