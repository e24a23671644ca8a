package dev.sharedsvc.test.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the notes application's table, for {@link JpaSliceTest}. */
@Entity
@Table(name = "note")
class Note {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String text;

    protected Note() {
    }

    Note(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
