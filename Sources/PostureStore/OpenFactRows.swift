import GRDB
import PostureFacts

extension PostureDatabase {
    /// The open (current) versions of the fact table `table` (its public name, read from
    /// `<table>_versions`), each as column → value without the bookkeeping columns: what a
    /// collector re-sends unchanged when it reuses facts instead of reading them again
    /// (image contents of images analysed in an earlier snapshot).
    ///
    /// With `imageIDs`, only the rows of those images (the table must have an `image_id`).
    public func openFactRows(table: String, imageIDs: Set<String>? = nil) throws -> [[String: FactValue]] {
        let bookkeeping: Set<String> = ["row_id", "row_hash", "valid_from", "valid_to"]
        return try read { db in
            var sql = "SELECT * FROM \(quote(table + "_versions")) WHERE valid_to IS NULL"
            var arguments = StatementArguments()
            if let imageIDs {
                sql += " AND image_id IN (SELECT value FROM json_each(?))"
                arguments = [SubsetFilter.jsonArray(imageIDs.sorted())]
            }
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var result: [[String: FactValue]] = []
            while let row = try rows.next() {
                var values: [String: FactValue] = [:]
                for (column, value) in row where !bookkeeping.contains(column) { values[column] = FactValue(value) }
                result.append(values)
            }
            return result
        }
    }

    /// One entry per open `image_contents` version: engine, image ID and whether its analysis
    /// succeeded (`status = 'ok'`): what a collect needs to know of the stored image contents
    /// before it knows which rows it needs (``openFactRows(table:imageIDs:)``).
    public func imageContentsIndex() throws -> [(engineID: String, imageID: String, ok: Bool)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT engine_id, image_id, status = 'ok' FROM image_contents_versions WHERE valid_to IS NULL"
            ).map { ($0[0], $0[1], $0[2]) }
        }
    }
}
