(module
 (type $0 (func (param i64) (result i64)))
 (type $1 (func (result i32)))
 (import "env" "memory" (memory $mimport$0 0))
 (table $0 2 funcref)
 (export "t" (table $0))
 (export "e0" (func $0))
 (export "e4" (func $1))
 (func $0 (result i32)
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i64)
  (local $6 i64)
  (local $7 i32)
  (local $8 i64)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i64)
  (local $13 i64)
  (local $14 i64)
  (local $15 i64)
  (local $16 i64)
  (local $17 i64)
  (local $18 i32)
  (local.set $0
   (i32.load offset=40
    (i32.const 0)
   )
  )
  (local.set $2
   (i32.load offset=76
    (i32.const 0)
   )
  )
  (local.set $3
   (i32.load offset=68
    (i32.const 0)
   )
  )
  (local.set $9
   (i32.load offset=8
    (i32.const 0)
   )
  )
  (local.set $10
   (i32.mul
    (i32.load offset=60
     (i32.const 0)
    )
    (i32.const 8)
   )
  )
  (local.set $1
   (i32.add
    (i32.load offset=56
     (i32.const 0)
    )
    (i32.mul
     (i32.sub
      (local.get $9)
      (i32.const 1)
     )
     (local.get $10)
    )
   )
  )
  (block $block1
   (block $block
    (br_if $block
     (i32.lt_s
      (i32.load offset=8
       (i32.const 0)
      )
      (i32.const 1)
     )
    )
    (br_if $block
     (i32.ne
      (i32.load offset=4
       (i32.const 0)
      )
      (i32.const 0)
     )
    )
    (br_if $block
     (i32.gt_s
      (i32.const 2)
      (i32.load offset=44
       (i32.const 0)
      )
     )
    )
    (local.set $8
     (i64.load
      (local.get $1)
     )
    )
    (br_if $block
     (i32.eqz
      (i64.eq
       (local.get $8)
       (i64.const -1407374883553280)
      )
     )
    )
    (local.set $8
     (i64.load offset=8
      (local.get $1)
     )
    )
    (br_if $block
     (i32.eqz
      (i64.eq
       (local.get $8)
       (i64.const -1407374883553280)
      )
     )
    )
    (br $block1)
   )
   (local.set $7
    (i32.load offset=104
     (i32.const 0)
    )
   )
   (i32.store
    (local.get $7)
    (i32.add
     (i32.load
      (local.get $7)
     )
     (i32.const 1)
    )
   )
   (return
    (i32.const 0)
   )
  )
  (local.set $5
   (local.tee $4
    (i64.load offset=16
     (i32.const 0)
    )
   )
  )
  (local.set $6
   (i64.load offset=24
    (i32.const 0)
   )
  )
  (local.set $12
   (i64.sub
    (local.get $6)
    (i64.const 4)
   )
  )
  (local.set $13
   (i64.sub
    (local.get $6)
    (i64.const 13)
   )
  )
  (i32.store offset=96
   (i32.const 0)
   (i32.add
    (i32.load offset=96
     (i32.const 0)
    )
    (i32.const 1)
   )
  )
  (if
   (i64.gt_s
    (local.get $4)
    (local.get $12)
   )
   (then
    (i32.store offset=4
     (i32.const 0)
     (i32.const 0)
    )
    (i32.store offset=8
     (i32.const 0)
     (local.get $9)
    )
    (i32.store
     (i32.const 0)
     (i32.const 0)
    )
    (i64.store offset=16
     (i32.const 0)
     (local.get $4)
    )
    (i64.store offset=88
     (i32.const 0)
     (i64.add
      (i64.load offset=88
       (i32.const 0)
      )
      (i64.sub
       (local.get $4)
       (local.get $5)
      )
     )
    )
    (i32.store offset=100
     (i32.const 0)
     (i32.add
      (i32.load offset=100
       (i32.const 0)
      )
      (i32.const 1)
     )
    )
    (return
     (i32.const 0)
    )
   )
  )
  (local.set $4
   (i64.add
    (local.get $4)
    (i64.const 4)
   )
  )
  (local.set $14
   (i64.const 0)
  )
  (local.set $15
   (local.get $14)
  )
  (local.set $14
   (i64.const 0)
  )
  (local.set $16
   (local.get $14)
  )
  (loop $label
   (if
    (i64.gt_s
     (local.get $4)
     (local.get $13)
    )
    (then
     (i64.store
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $15)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $15)
       )
       (then
        (i64.or
         (i64.and
          (local.get $15)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $15)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store offset=8
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $16)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $16)
       )
       (then
        (i64.or
         (i64.and
          (local.get $16)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $16)
         (i32.const 1)
        )
       )
      )
     )
     (i32.store offset=4
      (i32.const 0)
      (i32.const 0)
     )
     (i32.store offset=8
      (i32.const 0)
      (local.get $9)
     )
     (i32.store
      (i32.const 0)
      (i32.const 4)
     )
     (i64.store offset=16
      (i32.const 0)
      (local.get $4)
     )
     (i64.store offset=88
      (i32.const 0)
      (i64.add
       (i64.load offset=88
        (i32.const 0)
       )
       (i64.sub
        (local.get $4)
        (local.get $5)
       )
      )
     )
     (i32.store offset=100
      (i32.const 0)
      (i32.add
       (i32.load offset=100
        (i32.const 0)
       )
       (i32.const 1)
      )
     )
     (return
      (i32.const 0)
     )
    )
   )
   (local.set $4
    (i64.add
     (local.get $4)
     (i64.const 4)
    )
   )
   (local.set $14
    (local.get $16)
   )
   (local.set $17
    (i64.const 1000)
   )
   (local.set $18
    (i64.lt_s
     (local.get $14)
     (local.get $17)
    )
   )
   (if
    (i32.eqz
     (local.get $18)
    )
    (then
     (local.set $4
      (i64.add
       (local.get $4)
       (i64.const 1)
      )
     )
     (local.set $14
      (local.get $15)
     )
     (i64.store
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $15)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $15)
       )
       (then
        (i64.or
         (i64.and
          (local.get $15)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $15)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store offset=8
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $16)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $16)
       )
       (then
        (i64.or
         (i64.and
          (local.get $16)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $16)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store
      (local.get $0)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $14)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $14)
       )
       (then
        (i64.or
         (i64.and
          (local.get $14)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $14)
         (i32.const 1)
        )
       )
      )
     )
     (i32.store offset=4
      (i32.const 0)
      (i32.const 1)
     )
     (i32.store offset=8
      (i32.const 0)
      (local.get $9)
     )
     (i32.store
      (i32.const 0)
      (i32.const 18)
     )
     (i64.store offset=16
      (i32.const 0)
      (local.get $4)
     )
     (i64.store offset=88
      (i32.const 0)
      (i64.add
       (i64.load offset=88
        (i32.const 0)
       )
       (i64.sub
        (local.get $4)
        (local.get $5)
       )
      )
     )
     (return
      (i32.const 0)
     )
    )
    (else
     (local.set $4
      (i64.add
       (local.get $4)
       (i64.const 9)
      )
     )
     (local.set $14
      (local.get $15)
     )
     (local.set $17
      (local.get $16)
     )
     (local.set $14
      (i64.add
       (local.get $14)
       (local.get $17)
      )
     )
     (local.set $15
      (local.get $14)
     )
     (local.set $14
      (local.get $16)
     )
     (local.set $17
      (i64.const 1)
     )
     (local.set $14
      (i64.add
       (local.get $14)
       (local.get $17)
      )
     )
     (local.set $16
      (local.get $14)
     )
     (br $label)
    )
   )
  )
  (unreachable)
 )
 (func $1 (result i32)
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i64)
  (local $6 i64)
  (local $7 i32)
  (local $8 i64)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i64)
  (local $13 i64)
  (local $14 i64)
  (local $15 i64)
  (local $16 i64)
  (local $17 i32)
  (local.set $0
   (i32.load offset=40
    (i32.const 0)
   )
  )
  (local.set $2
   (i32.load offset=76
    (i32.const 0)
   )
  )
  (local.set $3
   (i32.load offset=68
    (i32.const 0)
   )
  )
  (local.set $9
   (i32.load offset=8
    (i32.const 0)
   )
  )
  (local.set $10
   (i32.mul
    (i32.load offset=60
     (i32.const 0)
    )
    (i32.const 8)
   )
  )
  (local.set $1
   (i32.add
    (i32.load offset=56
     (i32.const 0)
    )
    (i32.mul
     (i32.sub
      (local.get $9)
      (i32.const 1)
     )
     (local.get $10)
    )
   )
  )
  (block $block1
   (block $block
    (br_if $block
     (i32.lt_s
      (i32.load offset=8
       (i32.const 0)
      )
      (i32.const 1)
     )
    )
    (br_if $block
     (i32.ne
      (i32.load offset=4
       (i32.const 0)
      )
      (i32.const 0)
     )
    )
    (br_if $block
     (i32.gt_s
      (i32.const 2)
      (i32.load offset=44
       (i32.const 0)
      )
     )
    )
    (local.set $8
     (i64.load
      (local.get $1)
     )
    )
    (br_if $block
     (i32.eqz
      (i64.eq
       (i64.shr_u
        (local.get $8)
        (i64.const 48)
       )
       (i64.const 65529)
      )
     )
    )
    (local.set $8
     (i64.load offset=8
      (local.get $1)
     )
    )
    (br_if $block
     (i32.eqz
      (i64.eq
       (i64.shr_u
        (local.get $8)
        (i64.const 48)
       )
       (i64.const 65529)
      )
     )
    )
    (br $block1)
   )
   (local.set $7
    (i32.load offset=104
     (i32.const 0)
    )
   )
   (i32.store offset=16
    (local.get $7)
    (i32.add
     (i32.load offset=16
      (local.get $7)
     )
     (i32.const 1)
    )
   )
   (return
    (i32.const 0)
   )
  )
  (local.set $8
   (i64.load
    (local.get $1)
   )
  )
  (local.set $12
   (i64.shr_s
    (i64.shl
     (local.get $8)
     (i64.const 16)
    )
    (i64.const 16)
   )
  )
  (local.set $8
   (i64.load offset=8
    (local.get $1)
   )
  )
  (local.set $13
   (i64.shr_s
    (i64.shl
     (local.get $8)
     (i64.const 16)
    )
    (i64.const 16)
   )
  )
  (local.set $5
   (local.tee $4
    (i64.load offset=16
     (i32.const 0)
    )
   )
  )
  (local.set $6
   (i64.load offset=24
    (i32.const 0)
   )
  )
  (local.set $14
   (i64.sub
    (local.get $6)
    (i64.const 13)
   )
  )
  (i32.store offset=96
   (i32.const 0)
   (i32.add
    (i32.load offset=96
     (i32.const 0)
    )
    (i32.const 1)
   )
  )
  (loop $label
   (if
    (i64.gt_s
     (local.get $4)
     (local.get $14)
    )
    (then
     (i64.store
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $12)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $12)
       )
       (then
        (i64.or
         (i64.and
          (local.get $12)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $12)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store offset=8
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $13)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $13)
       )
       (then
        (i64.or
         (i64.and
          (local.get $13)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $13)
         (i32.const 1)
        )
       )
      )
     )
     (i32.store offset=4
      (i32.const 0)
      (i32.const 0)
     )
     (i32.store offset=8
      (i32.const 0)
      (local.get $9)
     )
     (i32.store
      (i32.const 0)
      (i32.const 4)
     )
     (i64.store offset=16
      (i32.const 0)
      (local.get $4)
     )
     (i64.store offset=88
      (i32.const 0)
      (i64.add
       (i64.load offset=88
        (i32.const 0)
       )
       (i64.sub
        (local.get $4)
        (local.get $5)
       )
      )
     )
     (i32.store offset=100
      (i32.const 0)
      (i32.add
       (i32.load offset=100
        (i32.const 0)
       )
       (i32.const 1)
      )
     )
     (return
      (i32.const 0)
     )
    )
   )
   (local.set $4
    (i64.add
     (local.get $4)
     (i64.const 4)
    )
   )
   (local.set $15
    (local.get $13)
   )
   (local.set $16
    (i64.const 1000)
   )
   (local.set $17
    (i64.lt_s
     (local.get $15)
     (local.get $16)
    )
   )
   (if
    (i32.eqz
     (local.get $17)
    )
    (then
     (local.set $4
      (i64.add
       (local.get $4)
       (i64.const 1)
      )
     )
     (local.set $15
      (local.get $12)
     )
     (i64.store
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $12)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $12)
       )
       (then
        (i64.or
         (i64.and
          (local.get $12)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $12)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store offset=8
      (local.get $1)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $13)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $13)
       )
       (then
        (i64.or
         (i64.and
          (local.get $13)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $13)
         (i32.const 1)
        )
       )
      )
     )
     (i64.store
      (local.get $0)
      (if (result i64)
       (i64.eq
        (i64.shr_s
         (i64.shl
          (local.get $15)
          (i64.const 16)
         )
         (i64.const 16)
        )
        (local.get $15)
       )
       (then
        (i64.or
         (i64.and
          (local.get $15)
          (i64.const 281474976710655)
         )
         (i64.const -1970324836974592)
        )
       )
       (else
        (call_indirect (type $0)
         (local.get $15)
         (i32.const 1)
        )
       )
      )
     )
     (i32.store offset=4
      (i32.const 0)
      (i32.const 1)
     )
     (i32.store offset=8
      (i32.const 0)
      (local.get $9)
     )
     (i32.store
      (i32.const 0)
      (i32.const 18)
     )
     (i64.store offset=16
      (i32.const 0)
      (local.get $4)
     )
     (i64.store offset=88
      (i32.const 0)
      (i64.add
       (i64.load offset=88
        (i32.const 0)
       )
       (i64.sub
        (local.get $4)
        (local.get $5)
       )
      )
     )
     (return
      (i32.const 0)
     )
    )
    (else
     (local.set $4
      (i64.add
       (local.get $4)
       (i64.const 9)
      )
     )
     (local.set $15
      (local.get $12)
     )
     (local.set $16
      (local.get $13)
     )
     (local.set $15
      (i64.add
       (local.get $15)
       (local.get $16)
      )
     )
     (local.set $12
      (local.get $15)
     )
     (local.set $15
      (local.get $13)
     )
     (local.set $16
      (i64.const 1)
     )
     (local.set $15
      (i64.add
       (local.get $15)
       (local.get $16)
      )
     )
     (local.set $13
      (local.get $15)
     )
     (br $label)
    )
   )
  )
  (unreachable)
 )
)
