enum PostureReportPlaceholder {}
