//! Pure recognisers for the patterns of Vietnamese plans (numbering, citations, dates, targets, time frames).
