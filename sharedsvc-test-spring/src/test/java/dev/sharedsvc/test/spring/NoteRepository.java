package dev.sharedsvc.test.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** The notes application's repository, for {@link JpaSliceTest}. */
interface NoteRepository extends JpaRepository<Note, Long> {
}
