/**
 * The blog's two tables, users and posts, and the queries the views need.
 */
import type { Database } from './db.ts'

export interface User {
  id: number
  username: string
  password_hash: string
}

export interface Post {
  id: number
  author_id: number
  author: string
  created: string
  title: string
  body: string
}

const SELECT_POSTS = `
  SELECT p.id, p.author_id, u.username AS author, p.created, p.title, p.body
  FROM posts p JOIN users u ON u.id = p.author_id`

/** Users by id or name. */
export function createUsers(db: Database) {
  return {
    byId: (id: number) => db.get<User>('SELECT * FROM users WHERE id = ?', [id]),
    byName: (username: string) => db.get<User>('SELECT * FROM users WHERE username = ?', [username]),
    count: () => db.get<{ n: number }>('SELECT count(*) AS n FROM users')?.n ?? 0,
    add: (username: string, passwordHash: string) =>
      db.run('INSERT INTO users (username, password_hash) VALUES (?, ?)', [username, passwordHash])
        .lastInsertRowid,
    setPassword: (id: number, passwordHash: string) =>
      db.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]),
  }
}

/** Posts, newest first, with their author's name. */
export function createPosts(db: Database) {
  return {
    /** One page of posts, newest first; `page` counts from 1. */
    page: (page: number, size: number) =>
      db.all<Post>(`${SELECT_POSTS} ORDER BY p.created DESC, p.id DESC LIMIT ? OFFSET ?`, [
        size,
        (page - 1) * size,
      ]),
    count: () => db.get<{ n: number }>('SELECT count(*) AS n FROM posts')?.n ?? 0,
    byId: (id: number) => db.get<Post>(`${SELECT_POSTS} WHERE p.id = ?`, [id]),
    add: (authorId: number, title: string, body: string) =>
      db.run('INSERT INTO posts (author_id, title, body) VALUES (?, ?, ?)', [authorId, title, body])
        .lastInsertRowid,
    update: (id: number, title: string, body: string) =>
      db.run('UPDATE posts SET title = ?, body = ? WHERE id = ?', [title, body, id]),
    remove: (id: number) => db.run('DELETE FROM posts WHERE id = ?', [id]),
  }
}

export type Users = ReturnType<typeof createUsers>
export type Posts = ReturnType<typeof createPosts>
