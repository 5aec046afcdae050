import GRDB
import PostureFacts

extension PostureDatabase {
    /// The open (current) versions of the fact table `table` (its public name, read from
    /// `<table>_versions`), each as column → value without the bookkeeping columns: what a
    /// collector re-sends unchanged when it reuses facts instead of reading them again
    /// (image contents of images analysed in an earlier snapshot).
    public func openFactRows(table: String) throws -> [[String: FactValue]] {
        let bookkeeping: Set<String> = ["row_id", "row_hash", "valid_from", "valid_to"]
        return try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(quote(table + "_versions")) WHERE valid_to IS NULL")
            var result: [[String: FactValue]] = []
            while let row = try rows.next() {
                var values: [String: FactValue] = [:]
                for (column, value) in row where !bookkeeping.contains(column) { values[column] = FactValue(value) }
                result.append(values)
            }
            return result
        }
    }
}
