enum PostureChecksPlaceholder {}
