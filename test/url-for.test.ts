// urlFor's unknown-endpoint error lists the known endpoints, and says so when there is none (an app
// whose only routes are decorated instance methods of a class never constructed).
import { App, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'

describe('urlFor', () => {
  it('says (none) when the app has no endpoint at all', () => {
    const app = new App()
    class About {
      @app.get('/about')
      about() {
        return 'About'
      }
    }
    void About
    expect(() => app.urlFor('about')).toThrow(
      new PhialError('urlFor: no endpoint named "about". Known endpoints: (none)'),
    )
    app.get('/', function home() {
      return 'home'
    })
    expect(() => app.urlFor('about')).toThrow(
      new PhialError('urlFor: no endpoint named "about". Known endpoints: home'),
    )
  })
})
