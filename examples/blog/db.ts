/**
 * The blog's SQLite database through sql.js (SQLite compiled to WebAssembly): no native addon, no
 * install script, the same bytes on every platform. sql.js keeps the database in memory; a file-backed
 * database is loaded at start and written back, atomically, after every change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import initSqlJs from 'sql.js'

type SqlValue = initSqlJs.SqlValue

/** The number of rows a write changed and the id of the last inserted row. */
export interface RunResult {
  changes: number
  lastInsertRowid: number
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    title TEXT NOT NULL,
    body TEXT NOT NULL
  );
`

// The WebAssembly module is compiled once per process, whatever the number of databases.
let sqlJs: Promise<initSqlJs.SqlJsStatic> | undefined

/** A small synchronous query API over one sql.js database (the shape of better-sqlite3's). */
export class Database {
  readonly #db: initSqlJs.Database
  readonly #file: string | undefined

  private constructor(db: initSqlJs.Database, file: string | undefined) {
    this.#db = db
    this.#file = file
  }

  /**
   * Opens the database at `path`, creating the file and the schema if needed; `':memory:'` keeps it in
   * memory only (tests).
   */
  static async open(path: string): Promise<Database> {
    sqlJs ??= initSqlJs()
    const SQL = await sqlJs
    const file = path === ':memory:' ? undefined : path
    const db = new SQL.Database(file === undefined ? undefined : readIfExists(file))
    db.run('PRAGMA foreign_keys = ON')
    const database = new Database(db, file)
    database.exec(SCHEMA)
    return database
  }

  /** Every row of a query, as objects. */
  all<T>(sql: string, params: SqlValue[] = []): T[] {
    const statement = this.#db.prepare(sql, params)
    try {
      const rows: T[] = []
      while (statement.step()) rows.push(statement.getAsObject() as T)
      return rows
    } finally {
      statement.free()
    }
  }

  /** The first row of a query, or `undefined`. */
  get<T>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.all<T>(sql, params)[0]
  }

  /** Runs one write, then saves the file. */
  run(sql: string, params: SqlValue[] = []): RunResult {
    this.#db.run(sql, params)
    const changes = this.#db.getRowsModified()
    const lastInsertRowid = Number(this.#db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0] ?? 0)
    this.#save()
    return { changes, lastInsertRowid }
  }

  /** Runs SQL statements without parameters (the schema), then saves the file. */
  exec(sql: string): void {
    this.#db.exec(sql)
    this.#save()
  }

  /** Frees the database's memory. */
  close(): void {
    this.#db.close()
  }

  // Write a temporary file and rename it over the old one, so a crash never leaves half a database.
  #save(): void {
    if (this.#file === undefined) return
    mkdirSync(dirname(this.#file), { recursive: true })
    const temporary = `${this.#file}.${process.pid}.tmp`
    writeFileSync(temporary, this.#db.export(), { mode: 0o600 })
    renameSync(temporary, this.#file)
  }
}

function readIfExists(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
