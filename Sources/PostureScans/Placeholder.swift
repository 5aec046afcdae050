enum PostureScansPlaceholder {}
