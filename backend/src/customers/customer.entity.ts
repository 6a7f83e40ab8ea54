import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ name: 'account_code' }) accountCode: string;
  @Column() timezone: string;
  @Column({ type: 'text', nullable: true }) state: string | null;
  /** ISO alpha-2 home country: how its CDRs' numbers without `+` are read; null = CDR_HOME_COUNTRY. */
  @Column({ type: 'char', length: 2, nullable: true }) country: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;

  @OneToMany(() => CustomerContact, (c) => c.customer, { cascade: true }) contacts: Relation<CustomerContact>[];
  @OneToMany(() => CustomerIp, (c) => c.customer, { cascade: true }) ips: Relation<CustomerIp>[];
  @OneToMany(() => CustomerGroup, (g) => g.customer, { cascade: true }) groups: Relation<CustomerGroup>[];
}

@Entity('customer_contacts')
export class CustomerContact {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'customer_id' }) customerId: string;
  @ManyToOne(() => Customer, (c) => c.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
}

@Entity('customer_ips')
export class CustomerIp {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'customer_id' }) customerId: string;
  @ManyToOne(() => Customer, (c) => c.ips, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;
  @Column({ type: 'cidr' }) cidr: string;
}

@Entity('customer_groups')
export class CustomerGroup {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'customer_id' }) customerId: string;
  @ManyToOne(() => Customer, (c) => c.groups, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;
  @Column() name: string;
  @Column({ name: 'external_id' }) externalId: string;
  @OneToMany(() => Seat, (s) => s.group) seats: Relation<Seat>[];
}

@Entity('seats')
export class Seat {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'customer_id' }) customerId: string;
  @Column({ name: 'group_id', type: 'uuid', nullable: true }) groupId: string | null;
  @ManyToOne(() => CustomerGroup, (g) => g.seats, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'group_id' })
  group: Relation<CustomerGroup> | null;
  /** The platform's user id, e.g. 2125550101@acme.example.net — what alert emails call "User ID". */
  @Column({ name: 'user_id' }) userId: string;
  @Column({ name: 'sip_username', type: 'text', nullable: true }) sipUsername: string | null;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) did: string | null;
  @Column({ type: 'text', nullable: true }) extension: string | null;
}
